/** One backend message: its type byte and the body after the length word. */
export interface BackendFrame {
  readonly type: string;
  readonly body: Buffer;
}

/**
 * Cuts backend messages out of a byte stream, one at a time on request, so whatever follows the
 * message that ends the login stays unread and can be handed on untouched. Fails on a length word
 * that cannot be valid or exceeds the limit, before waiting for such a body to arrive.
 */
export class FrameBuffer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.pending.length >= 5) this.checkLength(this.pending.readInt32BE(1));
    // Framing is checked above; this bounds a server that floods while we are busy (e.g. in PBKDF2).
    if (this.pending.length > 4 * this.maxMessageBytes) {
      throw new Error(`upstream sent more than ${4 * this.maxMessageBytes} bytes without waiting for the gateway`);
    }
  }

  /** The next complete message, or undefined if more bytes are needed. */
  take(): BackendFrame | undefined {
    if (this.pending.length < 5) return undefined;
    const length = this.pending.readInt32BE(1);
    this.checkLength(length);
    if (this.pending.length < 1 + length) return undefined;
    const frame = { type: String.fromCharCode(this.pending[0]!), body: this.pending.subarray(5, 1 + length) };
    this.pending = this.pending.subarray(1 + length);
    return frame;
  }

  /** Bytes received but not yet taken. */
  rest(): Buffer {
    return this.pending;
  }

  private checkLength(length: number): void {
    if (length < 4) throw new Error(`upstream sent a malformed message (length ${length})`);
    if (length > this.maxMessageBytes) {
      throw new Error(`upstream sent an oversized message during login (${length} bytes, limit ${this.maxMessageBytes})`);
    }
  }
}
