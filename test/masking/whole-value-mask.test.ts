import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskWhole } from '../../src/masking/styles.js';
import type { MaskStyle } from '../../src/masking/types.js';
import { WholeValueMask } from '../../src/masking/whole-value-mask.js';

const KEY = Buffer.from('test-key-1');
const STYLES: readonly MaskStyle[] = ['redact', 'partial', 'pseudonym'];

const VALUES = ['', 'a', 'abcd', 'abcde', '4111 1111 1111 1234', 'Zürich', 'x😀', '😀😀😀', 'ab😀cd', 'ñandú', '€€€€€', 'Jane.Doe@Example.com '];

/** Every label whose normal form differs (plus ones that take the default), as column names give them. */
const LABELS = ['EMAIL', 'IP_ADDRESS', 'CREDIT_CARD', 'US_SSN', 'PHONE', 'IBAN', 'CARD_NUMBER', 'MASKED'];

/** `bytes` as a value sits inside a row: some bytes before and after it. */
const inRow = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from('<<'), bytes, Buffer.from('>>')]);
const ofValue = (mask: WholeValueMask, bytes: Buffer): string => mask.bytes(inRow(bytes), 2, bytes.length + 2);

const SPACE = fc.constantFrom(' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\ufeff', '\u2028', '\u3000');
const TYPED = fc.constantFrom(...'aZ09 -.:@+()/_\t'.split(''));
/** Values of every kind a pseudonym must agree on: ASCII (control characters too), mixed case and separators, padded with whitespace, non-ASCII, long. */
const TEXT = fc.oneof(
  fc.string({ unit: 'binary-ascii' }),
  fc.string({ unit: TYPED }),
  fc.tuple(fc.string({ unit: SPACE, maxLength: 3 }), fc.string({ unit: TYPED }), fc.string({ unit: SPACE, maxLength: 3 })).map((parts) => parts.join('')),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: TYPED, minLength: 1000, maxLength: 1100 }),
);

describe('WholeValueMask', () => {
  it.each(STYLES)('gives what maskWhole gives for the decoded value, from its UTF-8 bytes (%s)', (style) => {
    const mask = new WholeValueMask(style, 'EMAIL', KEY);
    for (const value of VALUES) {
      const expected = maskWhole(value, style, KEY, 'EMAIL');
      expect(ofValue(mask, Buffer.from(value, 'utf8'))).toBe(expected);
      expect(mask.text(value)).toBe(expected);
    }
  });

  it('agrees with maskWhole on bytes that are not valid UTF-8', () => {
    const bytes = Buffer.from([0x61, 0x62, 0xc3, 0x28, 0x31, 0x32, 0x33, 0x34]);
    for (const style of STYLES) expect(new WholeValueMask(style, 'CARD', KEY).bytes(bytes, 0, bytes.length)).toBe(maskWhole(bytes.toString('utf8'), style, KEY, 'CARD'));
  });

  it('gives every label the pseudonym maskWhole gives, for text of any kind', () => {
    const masks = LABELS.map((label) => new WholeValueMask('pseudonym', label, KEY));
    fc.assert(
      fc.property(fc.nat(LABELS.length - 1), TEXT, (i, value) => {
        const expected = maskWhole(value, 'pseudonym', KEY, LABELS[i]);
        expect(ofValue(masks[i]!, Buffer.from(value, 'utf8'))).toBe(expected);
        expect(masks[i]!.text(value)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives every label the pseudonym maskWhole gives for the decoded text, for any bytes', () => {
    const masks = LABELS.map((label) => new WholeValueMask('pseudonym', label, KEY));
    fc.assert(
      fc.property(fc.nat(LABELS.length - 1), fc.uint8Array({ maxLength: 40 }), (i, bytes) => {
        const value = Buffer.from(bytes);
        expect(ofValue(masks[i]!, value)).toBe(maskWhole(value.toString('utf8'), 'pseudonym', KEY, LABELS[i]));
      }),
      { numRuns: 2000 },
    );
  });

  it('makes the tokens of differently written ASCII values agree as the label says', () => {
    const token = (label: string, value: string) => ofValue(new WholeValueMask('pseudonym', label, KEY), Buffer.from(value));
    expect(token('EMAIL', ' \tJane.Doe@Example.COM\r\n')).toBe(token('EMAIL', 'jane.doe@example.com'));
    expect(token('US_SSN', '536 32 3065')).toBe(token('US_SSN', '536-32-3065'));
    expect(token('IBAN', 'gb82 west 1234 5698 7654 32')).toBe(token('IBAN', 'GB82WEST12345698765432'));
    expect(token('CARD_NUMBER', '4111 1111 1111 1111')).not.toBe(token('CARD_NUMBER', '4111111111111111'));
  });
});
