import type { Socket } from 'node:net';
import { FrameBuffer, type BackendFrame } from './backend-frames.js';
import { UpstreamError, asUpstreamError } from './upstream-error.js';

/** Login traffic is a handful of small messages; anything near this is hostile or broken. */
const MAX_STARTUP_MESSAGE_BYTES = 64 * 1024;

/**
 * Hands out backend messages from a socket one at a time while the login runs, then lets go of the
 * socket (paused, listeners removed) and returns whatever bytes it had not handed out.
 */
export class MessageReader {
  private readonly frames = new FrameBuffer(MAX_STARTUP_MESSAGE_BYTES);
  private failure: Error | undefined;
  private corrupt = false;
  private waiter: { resolve: (f: BackendFrame) => void; reject: (e: Error) => void } | undefined;

  private readonly onData = (chunk: Buffer): void => {
    try {
      this.frames.push(chunk);
    } catch (err) {
      this.failProtocol(err);
      return;
    }
    this.deliver();
  };
  private readonly onError = (err: Error): void => this.fail(asUpstreamError(err, this.where));
  private readonly onClose = (): void =>
    this.fail(new UpstreamError(`upstream ${this.where} closed the connection during the gateway's login`, 'unavailable'));
  private readonly onAbort = (): void => this.fail(this.signal.reason as Error);

  /** Aborting `signal` destroys the socket and rejects the pending read with the signal's reason. */
  constructor(
    private readonly socket: Socket,
    private readonly where: string,
    private readonly signal: AbortSignal,
  ) {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('end', this.onClose);
    socket.on('close', this.onClose);
    signal.addEventListener('abort', this.onAbort);
    if (signal.aborted) this.onAbort();
    socket.resume();
  }

  next(): Promise<BackendFrame> {
    if (this.waiter) throw new Error('MessageReader.next called while a read is pending');
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
      this.deliver();
    });
  }

  /** Stops reading; the socket is left paused with none of our listeners on it. */
  detach(): Buffer {
    this.socket.pause();
    this.socket.off('data', this.onData);
    this.socket.off('error', this.onError);
    this.socket.off('end', this.onClose);
    this.socket.off('close', this.onClose);
    this.signal.removeEventListener('abort', this.onAbort);
    return this.frames.rest();
  }

  private deliver(): void {
    const waiter = this.waiter;
    if (!waiter) return;
    let frame: BackendFrame | undefined;
    try {
      // Messages that arrived before a failure (an ErrorResponse, then close) are still handed out first.
      frame = this.corrupt ? undefined : this.frames.take();
    } catch (err) {
      this.failProtocol(err);
      return;
    }
    if (frame) {
      this.waiter = undefined;
      waiter.resolve(frame);
    } else if (this.failure) {
      this.waiter = undefined;
      waiter.reject(this.failure);
    }
  }

  /** The byte stream can no longer be framed, so nothing buffered may be handed out any more. */
  private failProtocol(err: unknown): void {
    this.corrupt = true;
    this.fail(new UpstreamError(`upstream ${this.where}: ${(err as Error).message}`, 'protocol'));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.socket.destroy();
    this.deliver();
  }
}
