import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { serialize } from 'pg-protocol';
import type { PostgresUpstreamConfig } from '../../../config/types.js';
import { UpstreamError, asUpstreamError } from './upstream-error.js';

export type SocketTarget = Pick<PostgresUpstreamConfig, 'host' | 'port' | 'sslmode' | 'caCert'>;

export interface OpenedSocket {
  readonly socket: Socket | TLSSocket;
  readonly tls: boolean;
}

/** Resolves with the event's first argument; rejects on 'error', or on 'close' before the event. */
function nextEvent<T>(socket: Socket, event: string, where: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      socket.off(event, onEvent);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    const onEvent = (value: T) => {
      cleanup();
      resolve(value);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      cleanup();
      reject(new UpstreamError(`upstream ${where} closed the connection`, 'unavailable'));
    };
    socket.on(event, onEvent);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}

/** libpq semantics: only verify-full checks the chain (against caCert, else the system CAs) and the host name. */
function tlsOptions(target: SocketTarget, socket: Socket): ConnectionOptions {
  const common = { socket, host: target.host, servername: isIP(target.host) ? undefined : target.host };
  if (target.sslmode === 'verify-full') return { ...common, ca: target.caCert, rejectUnauthorized: true };
  return { ...common, rejectUnauthorized: false };
}

/**
 * Opens a TCP connection to the upstream and negotiates TLS as the sslmode asks (SSLRequest, then
 * 'S' to upgrade or 'N' to stay plain where allowed). Aborting the signal destroys whatever socket
 * is current and rejects with the signal's reason.
 */
export async function openUpstreamSocket(target: SocketTarget, where: string, signal: AbortSignal): Promise<OpenedSocket> {
  let current: Socket = tcpConnect({ host: target.host, port: target.port });
  const onAbort = () => current.destroy(signal.reason as Error);
  signal.addEventListener('abort', onAbort);
  try {
    if (signal.aborted) throw signal.reason;
    await nextEvent(current, 'connect', where);
    current.setNoDelay(true);
    current.setKeepAlive(true, 60_000);
    if (target.sslmode === 'disable') return { socket: current, tls: false };

    current.write(serialize.requestSsl());
    const answer: Buffer = await nextEvent(current, 'data', where);
    current.pause();
    // Bytes after 'S' would be read as if they came over TLS though they did not (CVE-2021-23222).
    if (answer.length !== 1) throw new UpstreamError(`upstream ${where} sent unexpected data after its SSL answer`, 'protocol');
    const code = String.fromCharCode(answer[0]!);
    if (code === 'N') {
      if (target.sslmode !== 'prefer') {
        throw new UpstreamError(`upstream ${where} does not support TLS, but sslmode is ${target.sslmode}`, 'unavailable');
      }
      return { socket: current, tls: false };
    }
    if (code !== 'S') throw new UpstreamError(`upstream ${where} answered the SSL request with an unexpected '${code}'`, 'protocol');

    current = tlsConnect(tlsOptions(target, current));
    try {
      await nextEvent(current, 'secureConnect', where);
    } catch (err) {
      throw err instanceof UpstreamError ? err : new UpstreamError(`TLS handshake with upstream ${where} failed: ${(err as Error).message}`, 'unavailable');
    }
    return { socket: current, tls: true };
  } catch (err) {
    current.destroy();
    throw asUpstreamError(err, where);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
