import { hash } from 'node:crypto';
import { asciiForm, columnPseudonym, DROP, maskWhole, partialWhole, pseudonymPrefix, token, tokenHead, TRIMMED, type AsciiForm } from './styles.js';
import type { MaskStyle } from './types.js';

/**
 * One column rule's style, prepared for masking every value of a result column. Values are taken as
 * UTF-8 bytes, the form they arrive in, so the styles that need little of a value skip decoding it:
 * redact never reads it, partial reads only its last four bytes when they are ASCII (then they are
 * its last four characters), and pseudonym hashes an ASCII value's normal form straight from its
 * bytes. The text is always what maskWhole gives for the decoded value.
 */
export class WholeValueMask {
  /** redact's replacement, which does not depend on the value. */
  private readonly placeholder: string | undefined;
  /** pseudonym's prefix (`email_`), made once rather than per value. */
  private readonly prefix: string;
  /** For a pseudonym whose label has a normal form byte by byte: tokens of ASCII values from their bytes. */
  private readonly ascii: AsciiTokens | undefined;

  constructor(
    readonly style: MaskStyle,
    private readonly label: string,
    private readonly key: Buffer,
  ) {
    this.placeholder = style === 'redact' ? maskWhole('', style, key, label) : undefined;
    this.prefix = pseudonymPrefix(label);
    const form = style === 'pseudonym' ? asciiForm(label) : undefined;
    this.ascii = form && new AsciiTokens(key, form);
  }

  /** The replacement for a value given as text. */
  text(value: string): string {
    if (this.style === 'pseudonym') return columnPseudonym(this.prefix, token(value, this.label, this.key));
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
    const token = this.ascii?.token(bytes, start, end);
    if (token !== undefined) return columnPseudonym(this.prefix, token);
    return this.text(bytes.toString('utf8', start, end));
  }
}

/** Longer values take the string path: a scratch buffer kept per column stays small. */
const MAX_ASCII_VALUE = 1024;

/**
 * Tokens of values that are all ASCII, made from their bytes: the normal form is written after the
 * token head in a buffer kept for the purpose and hashed there, which is what token() hashes for the
 * decoded text, without a string per value.
 */
class AsciiTokens {
  /** The token head, then room for a value's normal form. */
  private readonly scratch: Buffer;
  private readonly headLength: number;
  /**
   * What to hash for a normal form n bytes long, by n, each made once: hash() takes exactly the
   * bytes to hash, and a view per value would cost an allocation per value.
   */
  private readonly views: Buffer[] = [];

  constructor(
    key: Buffer,
    private readonly form: AsciiForm,
  ) {
    const head = Buffer.from(tokenHead(key), 'utf8');
    this.headLength = head.length;
    this.scratch = Buffer.concat([head, Buffer.alloc(MAX_ASCII_VALUE)]);
  }

  /** The token of the value in bytes[start, end), or undefined when it is not all ASCII or too long. */
  token(bytes: Buffer, start: number, end: number): string | undefined {
    if (end - start > MAX_ASCII_VALUE) return undefined;
    const { map, trim } = this.form;
    if (trim) {
      while (start < end && TRIMMED[bytes[start]!] === 1) start++;
      while (end > start && TRIMMED[bytes[end - 1]!] === 1) end--;
    }
    const out = this.scratch;
    let at = this.headLength;
    let all = 0;
    for (let i = start; i < end; i++) {
      const c = bytes[i]!;
      all |= c;
      const to = map[c]!;
      if (to !== DROP) out[at++] = to;
    }
    if (all >= 0x80) return undefined;
    const n = at - this.headLength;
    return hash('sha256', (this.views[n] ??= out.subarray(0, at)));
  }
}
