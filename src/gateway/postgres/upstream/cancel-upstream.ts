import { serialize } from 'pg-protocol';
import { deadline } from './deadline.js';
import { openUpstreamSocket, type SocketTarget } from './open-socket.js';
import { asUpstreamError } from './upstream-error.js';

const CANCEL_TIMEOUT_MS = 10_000;

/**
 * Sends a CancelRequest for that backend on a fresh connection (over TLS when the sslmode asks for
 * it, which PostgreSQL accepts before a cancel) and resolves when the server closes it. PostgreSQL
 * never answers a cancel, so resolving says the request was delivered, not that anything stopped.
 */
export async function cancelUpstream(
  cfg: SocketTarget,
  key: { readonly processId: number; readonly secretKey: number },
): Promise<void> {
  const where = `${cfg.host}:${cfg.port}`;
  const timer = deadline(CANCEL_TIMEOUT_MS, `sending a cancel request to upstream ${where}`);
  try {
    const { socket } = await openUpstreamSocket(cfg, where, timer.signal);
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => socket.destroy(timer.signal.reason as Error);
      timer.signal.addEventListener('abort', onAbort, { once: true });
      socket.on('error', (err) => reject(asUpstreamError(err, where)));
      socket.on('close', () => {
        timer.signal.removeEventListener('abort', onAbort);
        resolve();
      });
      socket.resume();
      socket.end(serialize.cancel(key.processId, key.secretKey));
    });
  } finally {
    timer.clear();
  }
}
