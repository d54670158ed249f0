import type { Detector, Finding } from '../types.js';
import { digitsOf, hasDigits, keywordBefore, scan } from './scan.js';

/** Dashed, spaced, or bare nine digits; only the dashed form stands on its own (see `find`). */
const SSN = /(?<![\w-])(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{9})(?![\w-])/g;
const KEYWORD = /\bss#|\bssns?\b|\bsocial[ -]?security\b|\bsocial[ -]?sec\b/i;

export const patterns: readonly RegExp[] = [SSN, KEYWORD];

/** Numbers published as examples or used so often as placeholders that they never identify anyone. */
const WELL_KNOWN = new Set(['123456789', '078051120', '219099999']);

/** SSA rules: area 000, 666 and 900–999, group 00 and serial 0000 are never issued. */
function issuable(digits: string): boolean {
  const area = Number(digits.slice(0, 3));
  return (
    area !== 0 &&
    area !== 666 &&
    area < 900 &&
    digits.slice(3, 5) !== '00' &&
    digits.slice(5) !== '0000' &&
    !WELL_KNOWN.has(digits) &&
    digits !== digits.charAt(0).repeat(9)
  );
}

export const usSsn: Detector = {
  name: 'us_ssn',
  find(text: string): Finding[] {
    if (!hasDigits(text, 9)) return [];
    return scan(SSN, text, (m) => {
      const digits = digitsOf(m[0]);
      // Spaced and bare nine-digit runs are as often zip+4s, street numbers or ids; they need the keyword.
      const dashed = m[0].includes('-');
      if (!issuable(digits) || (!dashed && !keywordBefore(text, m.index, KEYWORD, 40))) return undefined;
      return { detector: 'us_ssn', label: 'US_SSN', start: m.index, end: m.index + m[0].length };
    });
  },
};
