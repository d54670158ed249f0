import type { Socket } from 'node:net';
import { FrontendFramer, type Frame } from './wire/frontend-framer.js';
import { ProtocolViolation } from './wire/protocol-error.js';

/** Pull-style reading of client frames for the startup exchange, which is a strict request/response dialogue. */
export class FrameSource {
  private frames: Frame[] = [];
  private waiter: { resolve: (f: Frame) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  private readonly onData = (chunk: Buffer) => {
    try {
      this.frames.push(...this.framer.push(chunk));
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    this.deliver();
  };
  private readonly onEnd = () => this.fail(new ProtocolViolation('client closed the connection during startup'));

  constructor(
    private readonly socket: Socket,
    readonly framer: FrontendFramer,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
  }

  next(timeoutMs: number): Promise<Frame> {
    if (this.failure) return Promise.reject(this.failure);
    const ready = this.frames.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new ProtocolViolation('timed out waiting for the client during startup'));
      }, timeoutMs);
      this.waiter = {
        resolve: (f) => (clearTimeout(timer), resolve(f)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
    });
  }

  /** Switches the framer to typed messages and frames whatever was already buffered. */
  typed(): void {
    this.framer.startup = false;
    this.frames.push(...this.framer.push(Buffer.alloc(0)));
  }

  /** Stops listening (the socket is left paused); returns frames already read, which belong to the steady-state session. */
  detach(): Frame[] {
    this.socket.pause();
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    const rest = this.frames;
    this.frames = [];
    return rest;
  }

  private deliver(): void {
    const w = this.waiter;
    const f = w && this.frames.shift();
    if (w && f) {
      this.waiter = null;
      w.resolve(f);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(this.failure);
  }
}
