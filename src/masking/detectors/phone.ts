import { isValidPhoneNumber } from 'libphonenumber-js/max';
import type { Detector, Finding } from '../types.js';
import { digitsOf, hasDigits, keywordAfter, keywordBefore, scan } from './scan.js';

/**
 * Phone numbers: digit groups shaped like a phone number, kept when a phone word stands next to
 * them, or else when libphonenumber calls them a valid number (for the US unless written with a
 * +country code). The phone word matters because many real numbers are not valid in that sense —
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
const SHAPE =
  /(?<![\w+])(?<!\w[-./:])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,15}(?:[ .-]\d{1,10}){0,6}(?: ?(?:x|ext\.?|extension) ?\d{1,6})?(?!\w)(?![-./:]\d)/gi;
const EXTENSION = /(?: ?(?:x|ext\.?|extension) ?\d{1,6})$/i;
const KEYWORD =
  /\b(?:tel|telephone|phones?|ph|mob|mobile|cell|cellphone|fax|call|calling|dial|contact|office|reach|answering|sms|text|whatsapp|hotline|landline)\b/i;
/** yyyy-mm-dd and dd.mm.yyyy: the dates long enough to pass for a phone number. */
const DATE = /^(?:\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{4})$/;
/** Four dot-separated groups of up to three digits: an IPv4 address, left to the ip detector. */
const DOTTED_QUAD = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export const patterns: readonly RegExp[] = [SHAPE, EXTENSION, KEYWORD, DATE, DOTTED_QUAD];

const MIN_DIGITS = 7;
const MAX_DIGITS = 15; // E.164
const VALIDATIONS = 64;

/** International numbers, and US ones of 10 digits or 11 with the trunk prefix 1: all a US default can make valid. */
function worthValidating(number: string, digits: string): boolean {
  return number.startsWith('+') || digits.length === 10 || (digits.length === 11 && digits.startsWith('1'));
}

function accept(text: string, m: RegExpExecArray, valid: (number: string) => boolean): Finding | undefined {
  const number = m[0].replace(EXTENSION, '');
  const digits = digitsOf(number);
  if (digits.length < MIN_DIGITS || digits.length > MAX_DIGITS || DATE.test(number) || DOTTED_QUAD.test(number)) return undefined;
  const end = m.index + m[0].length;
  const phoneWordNear = keywordBefore(text, m.index, KEYWORD, 30) || keywordAfter(text, end, KEYWORD, 12);
  // A bare digit run is as often an id or an amount; without the phone word it stays.
  const plausible = phoneWordNear || (digits !== number && worthValidating(number, digits) && valid(number));
  return plausible ? { detector: 'phone', label: 'PHONE', start: m.index, end } : undefined;
}

export const phone: Detector = {
  name: 'phone',
  find(text: string): Finding[] {
    if (!hasDigits(text, MIN_DIGITS)) return [];
    let budget = VALIDATIONS;
    const valid = (number: string): boolean => budget-- > 0 && isValidPhoneNumber(number, 'US');
    return scan(SHAPE, text, (m) => accept(text, m, valid));
  },
};
