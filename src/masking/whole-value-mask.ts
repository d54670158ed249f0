import { maskWhole, partialWhole } from './styles.js';
import type { MaskStyle } from './types.js';

/**
 * One column rule's style, prepared for masking every value of a result column. Values are taken as
 * UTF-8 bytes, the form they arrive in, so the styles that need little of a value skip decoding it:
 * redact never reads it, and partial reads only its last four bytes when they are ASCII (then they
 * are its last four characters). The text is always what maskWhole gives for the decoded value.
 */
export class WholeValueMask {
  /** redact's replacement, which does not depend on the value. */
  private readonly placeholder: string | undefined;

  constructor(
    readonly style: MaskStyle,
    private readonly label: string,
    private readonly key: Buffer,
  ) {
    this.placeholder = style === 'redact' ? maskWhole('', style, key, label) : undefined;
  }

  /** The replacement for a value given as text. */
  text(value: string): string {
    return maskWhole(value, this.style, this.key, this.label);
  }

  /** The replacement for the UTF-8 value in bytes[start, end). */
  bytes(bytes: Buffer, start: number, end: number): string {
    if (this.placeholder !== undefined) return this.placeholder;
    if (this.style === 'partial') {
      // A character takes at least one byte, so four bytes or fewer are four characters or fewer.
      if (end - start <= 4) return partialWhole('');
      const a = bytes[end - 4]!;
      const b = bytes[end - 3]!;
      const c = bytes[end - 2]!;
      const d = bytes[end - 1]!;
      if ((a | b | c | d) < 0x80) return partialWhole(String.fromCharCode(a, b, c, d));
    }
    return this.text(bytes.toString('utf8', start, end));
  }
}
