import { isValidPhoneNumber } from 'libphonenumber-js/max';
import type { Detector, Finding } from '../types.js';
import { digitsOf, hasDigits, keywordAfter, keywordBefore, scan } from './scan.js';

/**
 * Phone numbers: digit groups shaped like a phone number, kept when a phone word stands next to
 * them, or else when libphonenumber calls them a valid number (for the US, or for a few countries
 * whose national format starts with 0, unless written with a +country code). The phone word matters because many real numbers are not valid in that sense —
 * local numbers without an area code, other countries' national formats, unassigned area codes.
 * libphonenumber runs only on candidates, not over the whole text: its own text scanner costs tens
 * of microseconds even on values with nothing in them, such as timestamps. Each validation still
 * costs 10–30 µs, so only candidates of a length it could accept are validated, and at most
 * VALIDATIONS of them per text (as its own matcher's maxTries does): a long run of numbers (a CSV
 * blob, a pasted table) stays linear with a small constant.
 */

/**
 * Optional +country code, optional (area code), then digit groups joined by single space, dot or
 * dash, then an optional extension. Groups need a separator between them, so there is exactly one
 * way to split a run. The look-arounds keep it out of longer tokens: order numbers
 * (ORD-2024-000123), UUIDs, dates written with slashes, times, version strings.
 */
const EXTENSION_PART = ' ?(?:x|ext\\.?|extension) ?\\d{1,6}';
const SHAPE = new RegExp(
  [
    '(?<![\\w+])(?<!\\w[-./:])', // not inside a token
    '(?:\\+\\d{1,3}[ .-]?)?', // +country code
    '(?:\\(\\d{1,5}\\)[ .-]?)?', // (area code)
    '\\d{1,15}(?:[ .-]\\d{1,10}){0,6}', // digit groups
    `(?:${EXTENSION_PART})?`,
    '(?!\\w)(?![-./:]\\d)', // not running on into a token
  ].join(''),
  'gi',
);
const EXTENSION = new RegExp(`(?:${EXTENSION_PART})$`, 'i');
const KEYWORD =
  /\b(?:tel|telephone|phones?|ph|mob|mobile|cell|cellphone|fax|call|calling|dial|contact|office|reach|sms|text|whatsapp|hotline|landline)\b/i;
/** yyyy-mm-dd and dd.mm.yyyy: the dates long enough to pass for a phone number. */
const DATE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{4})$/;
/** Four dot-separated groups of up to three digits: an IPv4 address, left to the ip detector. */
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export const patterns: readonly RegExp[] = [SHAPE, EXTENSION, KEYWORD, DATE, DOTTED_QUAD];

const MIN_DIGITS = 7;
const MAX_DIGITS = 15; // E.164
const VALIDATIONS = 64;

/**
 * Where a number written without +country code is tried: the US, and for national formats with a
 * leading trunk 0, a few large countries that write numbers that way.
 */
const TRUNK_ZERO_REGIONS = ['GB', 'DE', 'FR', 'IN', 'AU'] as const;
type Region = 'US' | (typeof TRUNK_ZERO_REGIONS)[number];

/** The regions a number could be valid in, by its shape: none for shapes no region would accept. */
function regionsFor(number: string, digits: string): readonly Region[] {
  if (number.startsWith('+')) return ['US']; // the +country code decides; the default is unused
  if (digits.startsWith('0') && digits.length >= 10 && digits.length <= 11) return TRUNK_ZERO_REGIONS;
  return digits.length === 10 || (digits.length === 11 && digits.startsWith('1')) ? ['US'] : [];
}

function accept(text: string, m: RegExpExecArray, valid: (number: string, region: Region) => boolean): Finding | undefined {
  const number = m[0].replace(EXTENSION, '');
  const digits = digitsOf(number);
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS || DATE.test(number) || DOTTED_QUAD.test(number)) return undefined;
  const end = m.index + m[0].length;
  const phoneWordNear = keywordBefore(text, m.index, KEYWORD, 30) || keywordAfter(text, end, KEYWORD, 12);
  // A bare digit run is as often an id or an amount; without the phone word it stays.
  const plausible = phoneWordNear || (digits !== number && regionsFor(number, digits).some((region) => valid(number, region)));
  return plausible ? { detector: 'phone', label: 'PHONE', start: m.index, end } : undefined;
}

export const phone: Detector = {
  name: 'phone',
  find(text: string): Finding[] {
    if (!hasDigits(text, MIN_DIGITS)) return [];
    let budget = VALIDATIONS;
    const valid = (number: string, region: Region): boolean => budget-- > 0 && isValidPhoneNumber(number, region);
    return scan(SHAPE, text, (m) => accept(text, m, valid));
  },
};
