import type { Detector, Finding } from '../types.js';
import { luhnValid } from './checksums.js';
import { digitsOf, hasDigits, scan } from './scan.js';

/**
 * A card number written the ways people write them: 13–19 bare digits, or groups with one kind of
 * separator throughout — 4-4-4-4(-1..3) for most networks, 4-6-4/5 for Amex and Diners. Each
 * separator gets its own alternative so mixed separators never match (and no back-reference is
 * needed, which keeps the pattern inside what the ReDoS checker can prove linear).
 */
function grouped(sep: string): string {
  return `\\d{4}${sep}\\d{4}${sep}\\d{4}${sep}\\d{4}(?:${sep}\\d{1,3})?|\\d{4}${sep}\\d{6}${sep}\\d{4,5}`;
}
const CARD = new RegExp(`(?<![\\w-])(?:\\d{13,19}|${grouped(' ')}|${grouped('-')})(?![\\w-])`, 'g');

export const patterns: readonly RegExp[] = [CARD];

/** Issuer identification ranges: [first prefix, last prefix] compared on the same number of leading digits, with valid lengths. */
const NETWORKS: ReadonlyArray<{ readonly from: number; readonly to: number; readonly lengths: readonly number[] }> = [
  { from: 4, to: 4, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, lengths: [15] }, // Amex
  { from: 37, to: 37, lengths: [15] },
  { from: 6011, to: 6011, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, lengths: [16, 17, 18, 19] },
  { from: 3528, to: 3589, lengths: [16, 17, 18, 19] }, // JCB
  { from: 300, to: 305, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 36, to: 36, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 38, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 62, to: 62, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 50, to: 50, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 69, lengths: [13, 14, 15, 16, 17, 18, 19] },
];

function knownIssuer(digits: string): boolean {
  return NETWORKS.some(({ from, to, lengths }) => {
    const prefix = Number(digits.slice(0, String(from).length));
    return prefix >= from && prefix <= to && lengths.includes(digits.length);
  });
}

export const creditCard: Detector = {
  name: 'credit_card',
  find(text: string): Finding[] {
    if (!hasDigits(text, 13)) return [];
    return scan(CARD, text, (m) => {
      const digits = digitsOf(m[0]);
      if (!knownIssuer(digits) || !luhnValid(digits)) return undefined;
      return { detector: 'credit_card', label: 'CREDIT_CARD', start: m.index, end: m.index + m[0].length };
    });
  },
};
