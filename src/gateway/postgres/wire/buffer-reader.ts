import { ProtocolViolation } from './protocol-error.js';

/** Bounds-checked reader over one message body; every overrun is a protocol violation, never a crash. */
export class BufferReader {
  private pos: number;
  /** `start`: where the body begins in `buf` (reading in place saves a view per message on hot paths). */
  constructor(private readonly buf: Buffer, private readonly what: string, start = 0) {
    this.pos = start;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new ProtocolViolation(`truncated ${this.what} message`);
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  cstring(): string {
    const end = this.buf.indexOf(0, this.pos);
    if (end < 0) throw new ProtocolViolation(`unterminated string in ${this.what} message`);
    const s = this.buf.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return s;
  }

  bytes(n: number): Buffer {
    if (n < 0) throw new ProtocolViolation(`negative length in ${this.what} message`);
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  /** Skips `n` bytes without making a view of them. */
  skip(n: number): void {
    if (n < 0) throw new ProtocolViolation(`negative length in ${this.what} message`);
    this.need(n);
    this.pos += n;
  }

  /** Where the next read starts, from the beginning of `buf`. */
  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  end(): void {
    if (this.pos !== this.buf.length) throw new ProtocolViolation(`trailing bytes in ${this.what} message`);
  }
}
