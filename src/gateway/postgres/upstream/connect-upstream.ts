import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { PostgresUpstreamConfig } from '../../../config/types.js';
import { deadline } from './deadline.js';
import { login } from './login.js';
import { MessageReader } from './message-reader.js';
import { openUpstreamSocket } from './open-socket.js';
import { startupPacket } from './startup-packet.js';

export { cancelUpstream } from './cancel-upstream.js';
export { UpstreamError } from './upstream-error.js';

export interface UpstreamConnection {
  /** Ready for queries, paused, with no listeners of ours: the caller attaches its own (including 'error'). */
  readonly socket: Socket | TLSSocket;
  /** ParameterStatus values (server_version, client_encoding, …). */
  readonly parameters: ReadonlyMap<string, string>;
  readonly backendKey: { readonly processId: number; readonly secretKey: number };
  readonly transactionStatus: 'I' | 'T' | 'E';
  readonly tls: boolean;
  /** Bytes that arrived after ReadyForQuery in the same chunk (normally empty). */
  readonly leftover: Buffer;
}

export interface ConnectUpstreamOptions {
  /** Forwarded as application_name (e.g. "airlock:devin:psql"). */
  applicationName?: string;
  /** Extra, already filtered parameters from the agent's StartupMessage (client_encoding, DateStyle, …). */
  startupParams?: Record<string, string>;
  /** Covers TCP, TLS and login together. Default 10 s. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens the gateway's own authenticated connection to the upstream PostgreSQL with the stored
 * credential, so the agent never holds it. Rejects with an UpstreamError whose message is safe
 * to log and to show the agent; `.code` carries the server's SQLSTATE when it refused the login.
 */
export async function connectUpstream(cfg: PostgresUpstreamConfig, opts: ConnectUpstreamOptions = {}): Promise<UpstreamConnection> {
  const where = `${cfg.host}:${cfg.port}`;
  const extra = { ...opts.startupParams, ...(opts.applicationName !== undefined && { application_name: opts.applicationName }) };
  const packet = startupPacket(cfg.user, cfg.database, extra);
  const timeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const timer = deadline(timeoutMs, `connecting to upstream ${where}`);
  try {
    const { socket, tls } = await openUpstreamSocket(cfg, where, timer.signal);
    const reader = new MessageReader(socket, where, timer.signal);
    try {
      const result = await login(socket, reader, cfg, packet, where);
      return { socket, tls, ...result, leftover: reader.detach() };
    } catch (err) {
      // The reader's listeners stay on the dead socket so a late 'error' event has somewhere to go.
      socket.destroy();
      throw err;
    }
  } finally {
    timer.clear();
  }
}
