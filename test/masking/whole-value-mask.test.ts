import { describe, expect, it } from 'vitest';
import { maskWhole } from '../../src/masking/styles.js';
import type { MaskStyle } from '../../src/masking/types.js';
import { WholeValueMask } from '../../src/masking/whole-value-mask.js';

const KEY = Buffer.from('test-key-1');
const STYLES: readonly MaskStyle[] = ['redact', 'partial', 'pseudonym'];

const VALUES = ['', 'a', 'abcd', 'abcde', '4111 1111 1111 1234', 'Zürich', 'x😀', '😀😀😀', 'ab😀cd', 'ñandú', '€€€€€', 'Jane.Doe@Example.com '];

describe('WholeValueMask', () => {
  it.each(STYLES)('gives what maskWhole gives for the decoded value, from its UTF-8 bytes (%s)', (style) => {
    const mask = new WholeValueMask(style, 'EMAIL', KEY);
    for (const value of VALUES) {
      // Some bytes before and after, as a value sits inside a row.
      const bytes = Buffer.concat([Buffer.from('<<'), Buffer.from(value, 'utf8'), Buffer.from('>>')]);
      const expected = maskWhole(value, style, KEY, 'EMAIL');
      expect(mask.bytes(bytes, 2, bytes.length - 2)).toBe(expected);
      expect(mask.text(value)).toBe(expected);
    }
  });

  it('agrees with maskWhole on bytes that are not valid UTF-8', () => {
    const bytes = Buffer.from([0x61, 0x62, 0xc3, 0x28, 0x31, 0x32, 0x33, 0x34]);
    for (const style of STYLES) expect(new WholeValueMask(style, 'CARD', KEY).bytes(bytes, 0, bytes.length)).toBe(maskWhole(bytes.toString('utf8'), style, KEY, 'CARD'));
  });
});
