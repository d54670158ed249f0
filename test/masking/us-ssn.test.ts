import { describe, expect, it } from 'vitest';
import { usSsn } from '../../src/masking/detectors/us-ssn.js';
import { hits } from './helpers.js';

describe('US SSN detector', () => {
  it.each([
    ['dashed, on its own', 'her number is 536-32-3065.', '536-32-3065'],
    ['spaced, after the keyword', 'Social Security Number: 536 32 3065', '536 32 3065'],
    ['bare, after the keyword', 'ssn=536323065', '536323065'],
    ['bare, after SS#', 'SS# 536323065', '536323065'],
  ])('finds one %s', (_form, text, ssn) => {
    expect(hits(usSsn, text)).toEqual([ssn]);
  });

  it('labels findings US_SSN', () => {
    expect(usSsn.find('536-32-3065')).toEqual([{ detector: 'us_ssn', label: 'US_SSN', start: 0, end: 11 }]);
  });

  it.each([
    ['area 000', '000-12-3456'],
    ['area 666', '666-12-3456'],
    ['area 900', '900-12-3456'],
    ['area 999', '999-12-3456'],
    ['group 00', '536-00-3065'],
    ['serial 0000', '536-32-0000'],
    ['the textbook example', '123-45-6789'],
    ['the Woolworth wallet number', '078-05-1120'],
    ['one digit repeated', '111-11-1111'],
    ['spaced digits without the keyword (a street address)', 'Suite 680 36 4022 Oakridge Lane'],
    ['nine bare digits without the keyword', 'driver license 536323065'],
    ['an order number', 'ORD-536-32-3065'],
    ['a date', '2024-05-01'],
  ])('does not flag %s', (_why, text) => {
    expect(hits(usSsn, text)).toEqual([]);
  });
});
