import { ProtocolViolation } from './protocol-error.js';

export interface BackendMessageRef {
  readonly type: number;
  /** Offsets of the whole message (type byte included) within ScanResult.buf. */
  readonly start: number;
  readonly end: number;
}

export interface ScanResult {
  /** The bytes to forward: this chunk, prefixed by any carried-over partial message. */
  readonly buf: Buffer;
  /** Complete messages whose type the caller asked to see, in order. */
  readonly messages: readonly BackendMessageRef[];
  /** buf[0, writable) may be forwarded now; the rest is an incomplete message carried to the next chunk. */
  readonly writable: number;
}

const D = 'D'.charCodeAt(0);
const COPY_DATA = 'd'.charCodeAt(0);
const MAX_CONTROL_MESSAGE = 64 * 1024 * 1024;

/**
 * Finds message boundaries in the upstream stream without decoding rows: DataRow and CopyData bodies
 * stream straight through (even when they span chunks), while the few control messages the session
 * tracks are always delivered whole.
 */
export class BackendScanner {
  private carry: Buffer | null = null;
  private passThrough = 0;

  /** Whether DataRow and CopyData messages are reported too, whole (masking needs them; plain proxying does not). */
  reportRows = false;

  scan(chunk: Buffer): ScanResult {
    let buf = chunk;
    if (this.carry) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = null;
    }
    const messages: BackendMessageRef[] = [];
    let pos = 0;
    if (this.passThrough > 0) {
      pos = Math.min(this.passThrough, buf.length);
      this.passThrough -= pos;
    }
    while (pos < buf.length) {
      if (buf.length - pos < 5) {
        this.carry = Buffer.from(buf.subarray(pos));
        return { buf, messages, writable: pos };
      }
      const type = buf[pos]!;
      const len = buf.readInt32BE(pos + 1);
      if (len < 4) throw new ProtocolViolation(`upstream sent a message with invalid length ${len}`);
      const total = len + 1;
      const streamed = (type === D || type === COPY_DATA) && !this.reportRows;
      if (buf.length - pos >= total) {
        if (!streamed) messages.push({ type, start: pos, end: pos + total });
        pos += total;
        continue;
      }
      if (streamed) {
        this.passThrough = total - (buf.length - pos);
        return { buf, messages, writable: buf.length };
      }
      if (total > MAX_CONTROL_MESSAGE) throw new ProtocolViolation(`upstream message of ${total} bytes is too large`);
      this.carry = Buffer.from(buf.subarray(pos));
      return { buf, messages, writable: pos };
    }
    return { buf, messages, writable: buf.length };
  }
}
