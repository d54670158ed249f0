import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Identity, RecheckResult } from '../../core/identity.js';
import { authenticateAgent, type AgentAuthDeps, type AuthMethod } from './agent-auth.js';
import { FrameSource } from './frame-source.js';
import { HandshakeRefused } from './handshake-refused.js';
import { checkStartupParams, isLoopback, type StartupRequest } from './startup-params.js';
import { SQLSTATE } from './sqlstate.js';
import { errorResponse, negotiateProtocolVersion } from './wire/backend-messages.js';
import { FrontendFramer, type Frame } from './wire/frontend-framer.js';
import { decodeStartupPacket } from './wire/frontend-messages.js';
import { ProtocolViolation } from './wire/protocol-error.js';

export interface HandshakeDeps extends AgentAuthDeps {
  readonly tls?: SecureContext;
  readonly maxMessageBytes: number;
  /** Forwards a CancelRequest carrying the gateway's own backend key. */
  cancel(processId: number, secretKey: number): void;
}

export interface Handshake {
  readonly socket: Socket;
  readonly framer: FrontendFramer;
  /** Frames that arrived right behind the password (pipelining clients). */
  readonly pending: Frame[];
  readonly identity: Identity;
  readonly auth: AuthMethod;
  /** Asks the token's issuer again whether it still stands (opaque OIDC tokens). */
  readonly recheck?: () => Promise<RecheckResult>;
  readonly request: StartupRequest & { readonly database: string };
  readonly tls: boolean;
}

/**
 * Runs the startup dialogue up to a verified identity: SSL/GSSENC negotiation, cancel requests,
 * the StartupMessage and authentication with the agent's token (agent-auth.ts). Returns null when
 * the connection was a cancel request (already handled) and throws HandshakeRefused for a refusal.
 */
export async function runHandshake(raw: Socket, deps: HandshakeDeps): Promise<Handshake | null> {
  let socket = raw;
  let tls = false;
  let source = new FrameSource(socket, new FrontendFramer(deps.maxMessageBytes));
  const write = (b: Buffer) => socket.write(b);

  for (;;) {
    const frame = await source.next(deps.timeoutMs);
    const packet = decodeStartupPacket(frame.body);
    if (packet.kind === 'cancel') {
      source.detach();
      deps.cancel(packet.processId, packet.secretKey);
      socket.end();
      return null;
    }
    if (packet.kind === 'gssenc') {
      write(Buffer.from('N'));
      continue;
    }
    if (packet.kind === 'ssl') {
      if (!deps.tls || tls) {
        write(Buffer.from('N'));
        continue;
      }
      // Bytes sent before the TLS handshake could be injected by a man in the middle (CVE-2021-23214).
      if (source.framer.buffered > 0) throw new ProtocolViolation('unencrypted data after SSLRequest');
      source.detach();
      write(Buffer.from('S'));
      socket = await startTls(socket, deps.tls);
      tls = true;
      source = new FrameSource(socket, new FrontendFramer(deps.maxMessageBytes));
      continue;
    }
    const check = checkStartupParams(packet.params);
    if (!check.ok) throw new HandshakeRefused(SQLSTATE.featureNotSupported, check.reason);
    const request = check.request;
    if (packet.minorVersion > 0 || request.protocolOptions.length > 0) write(negotiateProtocolVersion(0, request.protocolOptions));
    if (!request.database) throw new HandshakeRefused(SQLSTATE.unknownDatabase, 'airlock: name a connection as the database');
    source.typed();
    const auth = await authenticateAgent({ source, write, secure: tls || isLoopback(raw.remoteAddress) }, request.user, deps);
    return {
      socket,
      framer: source.framer,
      pending: source.detach(),
      identity: auth.identity,
      auth: auth.method,
      ...(auth.recheck && { recheck: auth.recheck }),
      request: { ...request, database: request.database },
      tls,
    };
  }
}

function startTls(socket: Socket, context: SecureContext): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const secure = new TLSSocket(socket, { isServer: true, secureContext: context });
    secure.once('secure', () => {
      secure.off('error', reject);
      resolve(secure);
    });
    secure.once('error', reject);
  });
}

/** Ends a refused connection with a FATAL ErrorResponse. */
export function refuse(socket: Socket, code: string, message: string): void {
  if (socket.destroyed) return;
  socket.end(errorResponse({ severity: 'FATAL', code, message }));
}
