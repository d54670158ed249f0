import type { Detector, Finding } from '../types.js';
import { ibanChecksumValid } from './checksums.js';
import { IBAN_LENGTHS } from './iban-lengths.js';
import { scan } from './scan.js';

/**
 * Country code, two check digits, then the BBAN either unbroken or in groups of four separated by
 * single spaces (the print format). The match may run past the IBAN into a following group; `find`
 * cuts it to the country's length.
 */
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?/g;

const ALNUM = /^[A-Za-z0-9]$/;

export const patterns: readonly RegExp[] = [IBAN, ALNUM];

export const iban: Detector = {
  name: 'iban',
  find(text: string): Finding[] {
    if (text.length < 15) return [];
    return scan(IBAN, text, (m) => {
      const length = IBAN_LENGTHS.get(m[0].slice(0, 2).toUpperCase());
      if (length === undefined) return undefined;
      // Walk the match to the offset where the country's length of characters (spaces aside) ends.
      let end = m.index;
      let compact = '';
      while (compact.length < length && end < m.index + m[0].length) {
        const ch = text.charAt(end++);
        if (ch !== ' ') compact += ch.toUpperCase();
      }
      if (compact.length !== length || ALNUM.test(text.charAt(end)) || !ibanChecksumValid(compact)) return undefined;
      return { detector: 'iban', label: 'IBAN', start: m.index, end };
    });
  },
};
