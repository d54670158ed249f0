import { hash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { digitsOf } from './detectors/scan.js';
import type { Finding, MaskStyle } from './types.js';

/**
 * What replaces a sensitive value. `redact` says only what was there, `partial` keeps the part
 * people use to tell values apart (an email's domain, a card's last four), and `pseudonym` replaces
 * the value with a keyed hash token: the same value under the same key always gives the same token,
 * so masked results can still be joined and counted, while without the key the token reveals nothing.
 */

const DIGIT = /\d/;
const ALNUM = /[A-Za-z0-9]/;
const WHITESPACE = /\s/g;
const SURROGATE = /[\uD800-\uDFFF]/;

export const patterns: readonly RegExp[] = [DIGIT, ALNUM, WHITESPACE, SURROGATE];

/** The replacement for one detected value; `finding.label` says what the value is. */
export function maskFinding(value: string, finding: Pick<Finding, 'label'>, style: MaskStyle, key: Buffer): string {
  switch (style) {
    case 'redact':
      return `[${finding.label}]`;
    case 'partial':
      return partial(value, finding.label);
    case 'pseudonym':
      // An email keeps an address's shape, so it still passes as one where an address is expected.
      return finding.label === 'EMAIL' ? `email_${token(value, 'EMAIL', key).slice(0, 6)}@masked` : maskWhole(value, style, key, finding.label);
  }
}

/** The replacement for a whole column value under a column rule; `label` names it. */
export function maskWhole(value: string, style: MaskStyle, key: Buffer, label = 'MASKED'): string {
  switch (style) {
    case 'redact':
      return `[${label}]`;
    case 'partial': {
      // By code points, so a surrogate pair is never split; text without any near the end needs no splitting.
      if (!SURROGATE.test(value.slice(-5))) return partialWhole(value.length <= 4 ? '' : value.slice(-4));
      const chars = Array.from(value);
      return partialWhole(chars.length <= 4 ? '' : chars.slice(-4).join(''));
    }
    case 'pseudonym':
      return columnPseudonym(pseudonymPrefix(label), token(value, label, key));
  }
}

/** What a column's pseudonyms start with (`email_`), so an agent can still tell columns apart. */
export const pseudonymPrefix = (label: string): string => `${label.toLowerCase()}_`;

/** A column pseudonym: its prefix and the first eight hex digits of the value's token. */
export const columnPseudonym = (prefix: string, token: string): string => prefix + token.slice(0, 8);

/** A whole value under `partial`, given its last four characters (none when it has no more than four). */
export const partialWhole = (lastFour: string): string => `****${lastFour}`;

/**
 * `text` with each finding's span replaced. `findings` must be sorted and non-overlapping, as findAll
 * returns them; `style` is one for all, or chosen per finding (a masking set styles each detector).
 */
export function maskText(text: string, findings: readonly Finding[], style: MaskStyle | ((f: Finding) => MaskStyle), key: Buffer): string {
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + maskFinding(text.slice(f.start, f.end), f, typeof style === 'string' ? style : style(f), key);
    at = f.end;
  }
  return out + text.slice(at);
}

function partial(value: string, label: string): string {
  switch (label) {
    case 'EMAIL':
      return `***${value.slice(value.lastIndexOf('@'))}`;
    case 'CREDIT_CARD':
      // Grouped input keeps its separators; a bare run is shown in the usual four-group form.
      return DIGIT.test(value.charAt(4)) ? `**** **** **** ${digitsOf(value).slice(-4)}` : starAllBut(value, DIGIT, 0, 4);
    case 'US_SSN':
      return `***-**-${digitsOf(value).slice(-4)}`;
    case 'PHONE':
      return starAllBut(value, DIGIT, 0, 2);
    case 'IBAN':
      return starAllBut(value, ALNUM, 2, 4);
    case 'IP_ADDRESS':
      return value.includes(':') ? `${value.split(':')[0] || '0'}:*:*:*:*:*:*:*` : `${value.split('.')[0]}.*.*.*`;
    default:
      // Secrets have no safe part to show.
      return `[${label}]`;
  }
}

/** Stars every character matching `significant` except the first `keepFirst` and last `keepLast` of them; separators stay. */
function starAllBut(value: string, significant: RegExp, keepFirst: number, keepLast: number): string {
  const total = Array.from(value).filter((ch) => significant.test(ch)).length;
  let seen = 0;
  return Array.from(value, (ch) => {
    if (!significant.test(ch)) return ch;
    seen++;
    return seen <= keepFirst || seen > total - keepLast ? ch : '*';
  }).join('');
}

/** What a token hashes ahead of the value, computed once per key: tokens are made for every masked value of a result. */
const heads = new WeakMap<Buffer, string>();

/** The start of what a token hashes: the key as text and a NUL; the value's normal form follows. */
export function tokenHead(key: Buffer): string {
  let head = heads.get(key);
  if (head === undefined) heads.set(key, (head = `${key.toString('hex')}\u0000`));
  return head;
}

/**
 * A keyed SHA-256 of the value in a normal form, so that formatting differences (case in an email,
 * separators in a card or phone number, spaces in an IBAN) still give the same token. The key is a
 * secret prefix rather than HMAC: tokens keep only 6–8 hex digits, so no full digest ever leaves for
 * a length-extension attack, and one-shot hashing is about three times faster than an HMAC object,
 * which matters at one token per masked value of a large result.
 */
export function token(value: string, label: string, key: Buffer): string {
  return hash('sha256', tokenHead(key) + normalise(value, label));
}

function normalise(value: string, label: string): string {
  switch (label) {
    case 'EMAIL':
    case 'IP_ADDRESS':
      return value.trim().toLowerCase();
    case 'CREDIT_CARD':
    case 'US_SSN':
      return digitsOf(value);
    case 'PHONE':
      // E.164 where the number parses, so "+1 212-555-0143" and "(212) 555-0143" agree.
      return parsePhoneNumberFromString(value, 'US')?.number ?? digitsOf(value);
    case 'IBAN':
      return value.replace(WHITESPACE, '').toUpperCase();
    default:
      return value;
  }
}

/**
 * What normalise does to text that is all ASCII, as a map of its bytes (`map[c]` is what byte c
 * becomes, or DROP), so a token can be made from a value's bytes without decoding them; `trim`
 * drops whitespace at either end first. Undefined where the normal form is not byte by byte (phone
 * numbers). The maps are built from the very string operations normalise applies.
 */
export interface AsciiForm {
  readonly map: Uint8Array;
  readonly trim: boolean;
}

export const DROP = 0xff;

export function asciiForm(label: string): AsciiForm | undefined {
  switch (label) {
    case 'EMAIL':
    case 'IP_ADDRESS':
      return LOWER_TRIMMED;
    case 'CREDIT_CARD':
    case 'US_SSN':
      return DIGITS;
    case 'PHONE':
      return undefined;
    case 'IBAN':
      return UPPER_WITHOUT_SPACE;
    default:
      return AS_IS;
  }
}

/** Whether an ASCII byte is whitespace that String.prototype.trim removes; 256 long, so any byte can index it. */
export const TRIMMED = Uint8Array.from({ length: 256 }, (_, c) => (c < 0x80 && String.fromCharCode(c).trim() === '' ? 1 : 0));

/** A byte map applying `f` to each ASCII character (DROP where it gives ''); 256 long, so any byte can index it. */
function asciiMap(f: (ch: string) => string): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, c) => {
    const out = c < 0x80 ? f(String.fromCharCode(c)) : '';
    return out === '' ? DROP : out.charCodeAt(0);
  });
}

const LOWER_TRIMMED: AsciiForm = { map: asciiMap((ch) => ch.toLowerCase()), trim: true };
const DIGITS: AsciiForm = { map: asciiMap(digitsOf), trim: false };
const UPPER_WITHOUT_SPACE: AsciiForm = { map: asciiMap((ch) => ch.replace(WHITESPACE, '').toUpperCase()), trim: false };
const AS_IS: AsciiForm = { map: asciiMap((ch) => ch), trim: false };
