import type { Socket } from 'node:net';

type Item =
  | { readonly bytes: Buffer }
  | { readonly gate: Promise<unknown>; readonly onFail: (err: unknown) => void }
  | { readonly last: Buffer; readonly then: () => void };

/** Bytes held behind gates before the upstream is paused; a gate normally clears in a millisecond. */
const HIGH_WATER = 1024 * 1024;

/**
 * Writes to the agent in order, letting the session insert gates (e.g. "the audit event is durable")
 * that later bytes must wait for. With no gate pending, bytes go straight to the socket. The upstream is
 * paused only when held bytes pile up or the agent stops reading, not on every gate, because pausing
 * and resuming a socket per statement costs more than the statement.
 */
export class OrderedWriter {
  private queue: Item[] = [];
  private heldBytes = 0;
  private waiting = false;
  private paused = false;
  private failed = false;

  constructor(
    private readonly socket: Socket,
    /** Called with true when the agent or a gate can't keep up (pause upstream reads), false to resume. */
    private readonly backpressure: (paused: boolean) => void,
  ) {
    socket.on('drain', () => this.relieve());
  }

  write(bytes: Buffer): void {
    if (bytes.length === 0 || this.failed) return;
    if (this.waiting) {
      this.queue.push({ bytes });
      this.heldBytes += bytes.length;
      if (this.heldBytes > HIGH_WATER) this.pause();
      return;
    }
    if (!this.socket.write(bytes)) this.pause();
  }

  /** Writes `last` after everything queued so far, ends the socket, then calls `then`. */
  end(last: Buffer, then: () => void): void {
    if (this.failed) return;
    if (this.waiting) {
      this.queue.push({ last, then });
      return;
    }
    this.failed = true; // nothing may follow the final message
    this.socket.end(last);
    then();
  }

  /** Later writes are held until `gate` settles; if it rejects, they are dropped and `onFail` runs. */
  gate(gate: Promise<unknown>, onFail: (err: unknown) => void): void {
    if (this.failed) return;
    if (this.waiting) {
      this.queue.push({ gate, onFail });
      return;
    }
    this.wait(gate, onFail);
  }

  private wait(gate: Promise<unknown>, onFail: (err: unknown) => void): void {
    this.waiting = true;
    gate.then(
      () => {
        this.waiting = false;
        this.flush();
      },
      (err: unknown) => {
        this.failed = true;
        this.queue = [];
        onFail(err);
      },
    );
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const item = this.queue.shift()!;
      if ('gate' in item) {
        this.wait(item.gate, item.onFail);
        return;
      }
      if ('last' in item) {
        this.queue = [];
        this.end(item.last, item.then);
        return;
      }
      this.heldBytes -= item.bytes.length;
      this.socket.write(item.bytes);
    }
    this.relieve();
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.backpressure(true);
  }

  private relieve(): void {
    if (!this.paused || this.socket.writableNeedDrain || this.heldBytes > HIGH_WATER) return;
    this.paused = false;
    this.backpressure(false);
  }
}
