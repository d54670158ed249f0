import { ProtocolViolation } from './protocol-error.js';

/** One framed client message: the type byte (0 for the untyped startup-phase packets) and its body. */
export interface Frame {
  readonly type: number;
  readonly body: Buffer;
  /** The whole message as it arrived (type, length and body), for forwarding without re-encoding. */
  readonly raw: Buffer;
}

/** Message types a client may send after startup (protocol 3.0). */
const FRONTEND_TYPES = new Set([...'QPBDEHSCFXdcfp'].map((c) => c.charCodeAt(0)));

/**
 * Cuts the client byte stream into messages. Lengths are checked before anything is buffered, so a
 * lying or huge length field ends the session instead of exhausting memory.
 */
export class FrontendFramer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Startup-phase packets have no type byte. */
  startup = true;

  constructor(private readonly maxMessageBytes: number) {}

  push(chunk: Buffer): Frame[] {
    if (this.pendingBytes > 0) {
      this.pending.push(chunk);
      chunk = Buffer.concat(this.pending, this.pendingBytes + chunk.length);
      this.pending = [];
      this.pendingBytes = 0;
    }
    const frames: Frame[] = [];
    let pos = 0;
    for (;;) {
      const headerLen = this.startup ? 4 : 5;
      if (chunk.length - pos < headerLen) break;
      const type = this.startup ? 0 : chunk[pos]!;
      if (!this.startup && !FRONTEND_TYPES.has(type)) {
        throw new ProtocolViolation(`unknown message type 0x${type.toString(16).padStart(2, '0')}`);
      }
      const len = chunk.readInt32BE(pos + headerLen - 4);
      if (len < 4) throw new ProtocolViolation(`invalid message length ${len}`);
      if (len > this.maxMessageBytes) {
        throw new ProtocolViolation(`message of ${len} bytes exceeds the gateway's limit of ${this.maxMessageBytes}`);
      }
      const total = headerLen - 4 + len;
      if (chunk.length - pos < total) break;
      const raw = chunk.subarray(pos, pos + total);
      frames.push({ type, body: raw.subarray(headerLen), raw });
      pos += total;
      // Only the first packet(s) are untyped; the caller flips `startup` once startup completes.
      if (this.startup) break;
    }
    if (pos < chunk.length) {
      const rest = chunk.subarray(pos);
      this.pending.push(rest);
      this.pendingBytes = rest.length;
    }
    return frames;
  }

  /** Bytes received but not yet framed (e.g. TLS must not start with leftovers). */
  get buffered(): number {
    return this.pendingBytes;
  }
}
