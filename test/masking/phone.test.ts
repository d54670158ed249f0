import { describe, expect, it } from 'vitest';
import { phone } from '../../src/masking/detectors/phone.js';
import { hits } from './helpers.js';

describe('phone detector', () => {
  it.each([
    ['UK, international', '+44 20 7946 0958'],
    ['Germany, international', '+49 30 901820'],
    ['US, area code in parentheses', '(212) 555-0143'],
    ['US, dashed', '212-555-0143'],
    ['US, dotted', '212.555.0143'],
    ['US, with country code', '+1-212-555-0143'],
    ['US, with extension', '212-555-0143 x123'],
    ['UK, national format with trunk 0', '0161 496 0734'],
    ['Germany, national format with trunk 0', '030 901820 11'],
  ])('finds a valid number: %s', (_form, number) => {
    expect(hits(phone, `we are at ${number} any time`)).toEqual([number]);
  });

  it.each([
    ['a local number after "call"', 'Call 555-0143 tomorrow', '555-0143'],
    ['a bare number after "Phone:"', 'Phone: 2125550143', '2125550143'],
    ['a national format before "office"', '0479 50 54 03 office', '0479 50 54 03'],
    ['an unassigned area code before "fax"', '166-684-7899 fax', '166-684-7899'],
    ['a number with a long extension after "mobile:"', 'mobile: 001-846-853-9089x92556', '001-846-853-9089x92556'],
  ])('finds %s', (_why, text, number) => {
    expect(hits(phone, text)).toEqual([number]);
  });

  it('labels findings PHONE', () => {
    expect(phone.find('(212) 555-0143')).toEqual([{ detector: 'phone', label: 'PHONE', start: 0, end: 14 }]);
  });

  it('finds a number after a date on the same line', () => {
    expect(hits(phone, '2024-05-01 212-555-0143')).toEqual(['212-555-0143']);
  });

  it.each([
    ['a date', 'shipped 2024-05-01'],
    ['a European date', 'shipped 01.05.2024'],
    ['a timestamp', '2024-05-01 12:30:45'],
    ['a time', 'at 12:30:45'],
    ['an order number', 'ORD-2024-000123'],
    ['a bare ten-digit run', 'id 2125550143'],
    ['a plain integer', '12345678'],
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['an IPv4 address', '192.168.10.100'],
    ['a card number', '4111 1111 1111 1111'],
    ['an ISBN', '978-3-16-148410-0'],
    ['grouped digits of no possible length', '1234-5678-9012'],
    ['a price', '$1,234,567.89'],
    ['a version', 'v1.2.3'],
    ['a short number near a phone word', 'call 555-01'],
  ])('does not flag %s', (_why, text) => {
    expect(hits(phone, text)).toEqual([]);
  });
});
