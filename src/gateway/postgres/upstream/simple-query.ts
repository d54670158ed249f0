import { BufferReader } from '../wire/buffer-reader.js';
import { decodeErrorFields } from '../wire/backend-decode.js';
import { queryMessage } from '../wire/frontend-encode.js';
import { FrameBuffer } from './backend-frames.js';
import type { UpstreamConnection } from './connect-upstream.js';
import { asUpstreamError, UpstreamError } from './upstream-error.js';

/** A plan's JSON for a large statement can be big, but not this big. */
const MAX_RESULT_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface SimpleQueryResult {
  /** The first column of every row, as text (null for SQL NULL). */
  readonly values: ReadonlyArray<string | null>;
  /** The server's error message, when the query failed. */
  readonly error?: string;
}

function firstColumn(body: Buffer): string | null {
  const r = new BufferReader(body, 'DataRow');
  if (r.int16() < 1) return null;
  const length = r.int32();
  return length < 0 ? null : r.bytes(length).toString('utf8');
}

/**
 * Runs one simple Query on a connection of the gateway's own (not an agent's) up to its ReadyForQuery.
 * Rejects when the socket fails or closes, or when `signal` aborts (with its reason); the socket is
 * left paused with none of our listeners either way.
 */
export function simpleQuery(conn: UpstreamConnection, sql: string, signal: AbortSignal): Promise<SimpleQueryResult> {
  const { socket } = conn;
  const frames = new FrameBuffer(MAX_RESULT_MESSAGE_BYTES);
  const values: Array<string | null> = [];
  let error: string | undefined;
  return new Promise((resolve, reject) => {
    const settle = (finish: () => void): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      socket.pause();
      finish();
    };
    const onData = (chunk: Buffer): void => {
      try {
        frames.push(chunk);
        for (let f = frames.take(); f; f = frames.take()) {
          if (f.type === 'D') values.push(firstColumn(f.body));
          else if (f.type === 'E') error ??= decodeErrorFields(f.body).get('M') ?? 'unknown error';
          else if (f.type === 'Z') return settle(() => resolve(error === undefined ? { values } : { values, error }));
        }
      } catch (err) {
        settle(() => reject(new UpstreamError(`upstream sent a malformed reply: ${(err as Error).message}`, 'protocol')));
      }
    };
    const onError = (err: Error): void => settle(() => reject(asUpstreamError(err, `${socket.remoteAddress}:${socket.remotePort}`)));
    const onClose = (): void => settle(() => reject(new UpstreamError('upstream closed the connection', 'unavailable')));
    const onAbort = (): void => settle(() => reject(signal.reason));
    if (signal.aborted) return onAbort();
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    signal.addEventListener('abort', onAbort);
    socket.write(queryMessage(sql));
    socket.resume();
  });
}
