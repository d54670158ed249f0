import { describe, expect, it } from 'vitest';
import { labelled } from './helpers.js';

/** Values that fill ordinary result sets and must come through every detector unchanged. */
describe('values no detector flags', () => {
  it.each([
    ['a UUID', '123e4567-e89b-12d3-a456-426614174000'],
    ['an upper-case UUID', 'F47AC10B-58CC-4372-A567-0E02B2C3D479'],
    ['an md5 digest', '9e107d9d372bb6826bd81d3542a419d6'],
    ['a sha1 digest', '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'],
    ['a sha256 digest', 'd7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592'],
    ['an order number', 'ORD-2024-000123'],
    ['a date', '2024-05-01'],
    ['a US date', '05/01/2024'],
    ['a time', '12:30:45'],
    ['an ISO timestamp', '2024-05-01T12:30:45.123Z'],
    ['a PostgreSQL timestamptz', '2024-05-01 12:30:45.123456+00'],
    // The result masker does not scan these types at all (NOTHING_TO_DETECT); these are their extremes.
    ['a timestamptz at the end of the range', '294276-12-31 23:59:59.999999+00'],
    ['a BC timestamptz with an offset', '4713-01-01 00:00:00-03:30 BC'],
    ['a time with zone', '12:30:45.123456+05:30'],
    ['an interval', '1 year 2 mons 3 days 04:05:06.5'],
    ['the largest int4', '2147483647'],
    ['the smallest int4', '-2147483648'],
    ['a version', 'v1.2.3'],
    ['a four-part version', 'version 10.4.12'],
    ['a plain integer', '42'],
    ['a big integer', '9007199254740991'],
    ['a ten-digit id', '1234567890'],
    ['a price', '$1,234.56'],
    ['a decimal', '19.99'],
    ['a numeric range', '100-200'],
    ['a sentence', 'The quick brown fox jumps over the lazy dog.'],
  ])('%s', (_what, value) => {
    expect(labelled(value)).toEqual([]);
  });

  it('a row of them in one text', () => {
    const text =
      'Order ORD-2024-000123 placed 2024-05-01 12:30:45 for $1,234.56 (qty 3, id 123e4567-e89b-12d3-a456-426614174000, ' +
      'checksum d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592, client v1.2.3)';
    expect(labelled(text)).toEqual([]);
  });
});
