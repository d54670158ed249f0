import { connect, type Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import { HASHED_AGENT } from './harness.js';

/** One backend message: its type letter and body (without type byte and length). */
export interface BackendMessage {
  readonly type: string;
  readonly body: Buffer;
}

/** A Bind without parameters that chooses result formats itself (pg-protocol's has one switch for all columns). */
export function bindFormats(statement: string, portal: string, resultFormats: readonly number[]): Buffer {
  const names = Buffer.from(`${portal}\0${statement}\0`);
  const counts = Buffer.alloc(4 + 2 + 2 * resultFormats.length);
  counts.writeInt16BE(resultFormats.length, 4);
  resultFormats.forEach((f, i) => counts.writeInt16BE(f, 6 + 2 * i));
  const head = Buffer.alloc(5);
  head.write('B', 0, 'latin1');
  head.writeInt32BE(4 + names.length + counts.length, 1);
  return Buffer.concat([head, names, counts]);
}

/** A DataRow body's values: raw bytes, null for NULL. */
export function rowValues(body: Buffer): Array<Buffer | null> {
  const values: Array<Buffer | null> = [];
  let at = 2;
  for (let i = 0; i < body.readInt16BE(0); i++) {
    const length = body.readInt32BE(at);
    at += 4;
    values.push(length < 0 ? null : body.subarray(at, at + length));
    at += Math.max(length, 0);
  }
  return values;
}

/**
 * A client that speaks protocol messages byte for byte through the gateway, so a test controls exactly
 * which Parse/Describe/Bind/Execute it sends and sees exactly what comes back. It logs in with a
 * cleartext password, as the sha256-configured agent every test gateway has.
 */
export class RawClient {
  private buffered = Buffer.alloc(0);
  private readonly received: BackendMessage[] = [];
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('the gateway closed the connection')));
  }

  static async connect(port: number): Promise<RawClient> {
    const client = new RawClient(connect(port, '127.0.0.1'));
    client.socket.write(serialize.startup({ user: HASHED_AGENT.name, database: 'prod' }));
    await client.until((m) => m.type === 'R');
    client.socket.write(serialize.password(HASHED_AGENT.token));
    await client.until((m) => m.type === 'Z');
    return client;
  }

  /** Sends `messages`, then resolves with everything the gateway answers up to the `readies`-th ReadyForQuery. */
  async exchange(messages: readonly Buffer[], readies = 1): Promise<BackendMessage[]> {
    this.socket.write(Buffer.concat(messages));
    const got: BackendMessage[] = [];
    for (let seen = 0; seen < readies; ) {
      const m = await this.until(() => true);
      got.push(...m);
      seen += m.filter((x) => x.type === 'Z').length;
    }
    return got;
  }

  close(): void {
    this.socket.end(serialize.end());
  }

  /** The messages received up to and including the first that matches. */
  private async until(match: (m: BackendMessage) => boolean): Promise<BackendMessage[]> {
    for (;;) {
      const i = this.received.findIndex(match);
      if (i >= 0) return this.received.splice(0, i + 1);
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private onData(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 5 && this.buffered.length >= 1 + this.buffered.readInt32BE(1)) {
      const end = 1 + this.buffered.readInt32BE(1);
      this.received.push({ type: String.fromCharCode(this.buffered[0]!), body: this.buffered.subarray(5, end) });
      this.buffered = this.buffered.subarray(end);
    }
    this.wake?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake?.();
  }
}
