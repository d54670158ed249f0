import { describe, expect, it } from 'vitest';
import { ibanChecksumValid } from '../../src/masking/detectors/checksums.js';
import { iban } from '../../src/masking/detectors/iban.js';
import { hits } from './helpers.js';

describe('IBAN detector', () => {
  it.each([
    ['GB82WEST12345698765432'],
    ['GB82 WEST 1234 5698 7654 32'],
    ['DE89 3704 0044 0532 0130 00'],
    ['de89370400440532013000'],
    ['FR14 2004 1010 0505 0001 3M02 606'],
    ['NO93 8601 1117 947'],
  ])('finds %s', (value) => {
    expect(hits(iban, `pay to ${value}, thanks`)).toEqual([value]);
  });

  it('stops at the country length even when another group follows', () => {
    expect(hits(iban, 'GB82 WEST 1234 5698 7654 32 EUR')).toEqual(['GB82 WEST 1234 5698 7654 32']);
    expect(iban.find('IBAN GB82WEST12345698765432')).toEqual([{ detector: 'iban', label: 'IBAN', start: 5, end: 27 }]);
  });

  it.each([
    ['bad check digits', 'GB83WEST12345698765432'],
    ['a changed digit', 'GB82WEST12345698765433'],
    ['an unknown country', 'ZZ82WEST12345698765432'],
    ['too short for its country', 'GB82WEST1234569876543'],
    ['running on into more characters', 'GB82WEST12345698765432X'],
    ['inside a longer token', 'XGB82WEST12345698765432'],
  ])('does not flag %s', (_why, text) => {
    expect(hits(iban, text)).toEqual([]);
  });

  it('checks mod 97', () => {
    expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumValid('GB82WEST12345698765423')).toBe(false);
  });
});
