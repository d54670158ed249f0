import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { ApprovalGate } from '../../core/approval-gate.js';
import type { AuditSink } from '../../core/audit-event.js';
import type { Authenticator, Identity, ScramCredential } from '../../core/identity.js';
import type { MetricsSink } from '../../core/metrics.js';
import type { Session } from '../../core/session.js';
import type { SessionSummary } from '../../core/session-summary.js';
import { DEFAULT_RECORD_BYTES, DEFAULT_TOKEN_RECHECK_MS, type PostgresConnectionConfig } from '../../config/types.js';
import type { Logger } from '../../util/log.js';
import type { Masker } from '../../masking/masker.js';
import type { CatalogCache } from './masking/catalog-cache.js';
import { PostgresSession, type SessionMasking } from './session.js';
import { SQLSTATE } from './sqlstate.js';
import { StatementJudge, type SqlJudge } from './statement-judge.js';
import { HandshakeRefused } from './handshake-refused.js';
import { previewImpact } from './impact/preview-impact.js';
import { limitPreviews } from './impact/preview-limit.js';

/** Impact previews (EXPLAIN on a fresh upstream login) running at once per connection. */
const MAX_PREVIEWS_IN_FLIGHT = 4;
import { refuse, runHandshake, type Handshake } from './startup-handshake.js';
import { cancelUpstream, connectUpstream, type UpstreamConnection } from './upstream/connect-upstream.js';
import { authenticationOk, backendKeyData, parameterStatus, readyForQuery } from './wire/backend-messages.js';
import { ProtocolViolation } from './wire/protocol-error.js';

export interface PostgresListenerDeps {
  readonly gatewayId: string;
  readonly authenticator: Authenticator;
  /** The SCRAM verifier for a startup user name; undefined means the token is asked for in cleartext. */
  scramCredential(user: string): ScramCredential | undefined;
  readonly connections: ReadonlyMap<string, PostgresConnectionConfig>;
  /** Where this connection's `review` verdicts are parked; undefined refuses them. */
  approvalsFor?(connection: PostgresConnectionConfig): ApprovalGate | undefined;
  /** The policy for one connection as seen by one identity. */
  judgeFor(connection: PostgresConnectionConfig, identity: Identity): SqlJudge;
  readonly audit: AuditSink;
  readonly metrics: MetricsSink;
  readonly log: Logger;
  readonly tls?: SecureContext;
  /** Largest client message accepted; larger claims end the session. Default 64 MiB. */
  readonly maxMessageBytes?: number;
  readonly handshakeTimeoutMs?: number;
  /** Told what each session did once it ended (after its `session.end` audit event); passed on to every session. */
  readonly onSessionEnd?: (summary: SessionSummary) => void;
  /** How often a revocable token (opaque OIDC) is checked again during a session. Default 60 s. */
  readonly recheckEveryMs?: number;
  /** Masking by connection name: the connection's masking set and its catalog. */
  readonly masking?: ReadonlyMap<string, ConnectionMasking>;
}

export interface ConnectionMasking {
  readonly masker: Masker;
  readonly catalogs: CatalogCache;
}

interface Live {
  readonly pg: PostgresSession;
  readonly upstream: UpstreamConnection;
  readonly config: PostgresConnectionConfig;
}

/** The PostgreSQL listener: accepts agents, authenticates them, and runs one PostgresSession each. */
export class PostgresListener {
  private readonly server: Server;
  private readonly sessions = new Map<string, Live>();
  /** The gateway hands out its own backend keys; a CancelRequest is mapped to the upstream's key. */
  private readonly cancelKeys = new Map<string, Live>();
  private readonly handshakes = new Set<Socket>();
  private readonly previews = new Map<string, (sql: string) => Promise<string>>();

  constructor(private readonly deps: PostgresListenerDeps) {
    this.server = createServer({ noDelay: true }, (socket) => void this.accept(socket));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  /** Stops accepting, lets running statements finish, then ends every session; forces after `graceMs`. */
  async close(graceMs = 30_000): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.handshakes) s.destroy();
    const drained = [...this.sessions.values()].map(
      (live) => new Promise<void>((resolve) => {
        live.pg.onClose(resolve);
        live.pg.shutdown();
      }),
    );
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([Promise.all(drained), timer])) === 'timeout') {
      for (const live of this.sessions.values()) live.pg.terminate(SQLSTATE.adminShutdown, 'airlock: the gateway is shutting down');
    }
    await stopped;
  }

  private async accept(socket: Socket): Promise<void> {
    socket.on('error', () => undefined); // errors surface as 'close'; a reset client must not crash the gateway
    this.handshakes.add(socket);
    let hs: Handshake | null = null;
    try {
      hs = await runHandshake(socket, {
        authenticator: this.deps.authenticator,
        scramCredential: (user) => this.deps.scramCredential(user),
        maxMessageBytes: this.deps.maxMessageBytes ?? 64 * 1024 * 1024,
        timeoutMs: this.deps.handshakeTimeoutMs ?? 30_000,
        ...(this.deps.tls ? { tls: this.deps.tls } : {}),
        cancel: (pid, secret) => this.cancel(pid, secret),
      });
      if (!hs) return;
      const config = this.deps.connections.get(hs.request.database);
      if (!config) throw new HandshakeRefused(SQLSTATE.unknownDatabase, `airlock: unknown connection "${hs.request.database}"`, hs.identity);
      const upstream = await this.openUpstream(hs, config);
      const masking = await this.maskingFor(hs, config, upstream);
      this.startSession(hs, config, upstream, masking);
    } catch (err) {
      this.refused(hs?.socket ?? socket, err, hs?.identity);
    } finally {
      this.handshakes.delete(socket);
    }
  }

  private async openUpstream(hs: Handshake, config: PostgresConnectionConfig): Promise<UpstreamConnection> {
    const app = hs.request.applicationName ? `:${hs.request.applicationName}` : '';
    try {
      return await connectUpstream(config.upstream, {
        applicationName: `airlock:${hs.identity.name}${app}`.slice(0, 63),
        startupParams: hs.request.forward,
      });
    } catch (err) {
      this.deps.log.warn('upstream connection failed', { connection: config.name, identity: hs.identity.name, error: err });
      const detail = err instanceof Error ? err.message : 'unknown error';
      throw new HandshakeRefused(SQLSTATE.connectionFailure, `airlock: could not reach connection "${config.name}": ${detail}`, hs.identity);
    }
  }

  /** The session's masking, with a catalog read before the first statement; without one the session is refused (fail closed). */
  private async maskingFor(hs: Handshake, config: PostgresConnectionConfig, upstream: UpstreamConnection): Promise<SessionMasking | undefined> {
    const m = this.deps.masking?.get(config.name);
    if (!m) return undefined;
    try {
      const catalog = await m.catalogs.get();
      return { masker: m.masker, catalog, reload: () => (m.catalogs.invalidate(), m.catalogs.get()) };
    } catch (err) {
      upstream.socket.destroy();
      this.deps.log.error('could not read the masking catalog; refusing the session', { connection: config.name, error: err });
      throw new HandshakeRefused(SQLSTATE.cannotConnectNow, `airlock: connection "${config.name}" masks its results, and its column catalog could not be read; try again shortly`, hs.identity);
    }
  }

  private startSession(hs: Handshake, config: PostgresConnectionConfig, upstream: UpstreamConnection, masking: SessionMasking | undefined): void {
    const processId = randomInt(1, 2 ** 31 - 1);
    const secretKey = randomInt(-(2 ** 31), 2 ** 31 - 1);
    const session: Session = {
      id: randomUUID(),
      identity: hs.identity,
      connection: config.name,
      protocol: 'postgres',
      client: { address: hs.socket.remoteAddress ?? 'unknown', tls: hs.tls, ...(hs.request.applicationName ? { application: hs.request.applicationName } : {}) },
      startedAt: new Date(),
      gateway: this.deps.gatewayId,
    };
    const judge = new StatementJudge(this.deps.judgeFor(config, hs.identity));
    const approvals = this.deps.approvalsFor?.(config);
    const { audit, metrics, log, onSessionEnd } = this.deps;
    const pg = new PostgresSession(session, hs, upstream, judge, {
      audit,
      metrics,
      log,
      ...(onSessionEnd ? { onSessionEnd } : {}),
      ...(approvals ? { approvals, previewImpact: this.previewFor(config) } : {}),
      ...(masking ? { masking } : {}),
      ...(hs.recheck ? { recheck: { ask: hs.recheck, everyMs: this.deps.recheckEveryMs ?? DEFAULT_TOKEN_RECHECK_MS } } : {}),
      ...(config.recordRows !== undefined && config.recordRows !== 'off' ? { record: { rows: config.recordRows, bytes: config.recordBytes ?? DEFAULT_RECORD_BYTES } } : {}),
    });
    const live: Live = { pg, upstream, config };
    const key = `${processId}:${secretKey}`;
    this.sessions.set(session.id, live);
    this.cancelKeys.set(key, live);
    this.deps.metrics.sessionOpened('postgres', config.name);
    pg.onClose(() => {
      this.sessions.delete(session.id);
      this.cancelKeys.delete(key);
      this.deps.metrics.sessionClosed('postgres', config.name);
    });

    const started = this.deps.audit.record({
      type: 'session.start',
      at: session.startedAt,
      sessionId: session.id,
      identity: session.identity.name,
      connection: session.connection,
      protocol: 'postgres',
      data: { groups: session.identity.groups, source: session.identity.source, auth: hs.auth, client: session.client, upstreamTls: upstream.tls },
    });
    const greeting = [authenticationOk()];
    for (const [name, value] of upstream.parameters) {
      // The upstream role is infrastructure detail; the agent sees its own identity.
      greeting.push(parameterStatus(name, name === 'session_authorization' ? session.identity.name : value));
    }
    greeting.push(backendKeyData(processId, secretKey), readyForQuery(upstream.transactionStatus));
    started.then(
      () => {
        hs.socket.write(Buffer.concat(greeting));
        pg.start();
      },
      (err: unknown) => {
        this.deps.log.error('could not record session start; refusing the session', { error: err });
        upstream.socket.destroy();
        refuse(hs.socket, SQLSTATE.cannotConnectNow, 'airlock: the audit trail is unavailable; try again shortly');
        pg.terminate(SQLSTATE.cannotConnectNow, 'audit trail unavailable');
      },
    );
  }

  /** One bounded previewer per connection, shared by its sessions. */
  private previewFor(config: PostgresConnectionConfig): (sql: string) => Promise<string> {
    let preview = this.previews.get(config.name);
    if (!preview) {
      preview = limitPreviews((sql) => previewImpact(config.upstream, sql), MAX_PREVIEWS_IN_FLIGHT);
      this.previews.set(config.name, preview);
    }
    return preview;
  }

  private cancel(processId: number, secretKey: number): void {
    const live = this.cancelKeys.get(`${processId}:${secretKey}`);
    if (!live) return; // as PostgreSQL does, unknown keys are ignored silently
    cancelUpstream(live.config.upstream, live.upstream.backendKey).catch((err: unknown) =>
      this.deps.log.warn('cancel request failed', { connection: live.config.name, error: err }),
    );
  }

  private refused(socket: Socket, err: unknown, identity?: Identity): void {
    if (err instanceof HandshakeRefused) {
      if (err.code === SQLSTATE.invalidPassword) this.deps.metrics.authFailure('postgres');
      this.deps.audit
        .record({
          type: 'auth.failed',
          at: new Date(),
          sessionId: null,
          identity: (err.identity ?? identity)?.name ?? null,
          connection: null,
          protocol: 'postgres',
          data: { code: err.code, reason: err.reason, client: socket.remoteAddress ?? 'unknown' },
        })
        .catch(() => undefined);
      refuse(socket, err.code, err.reason);
      return;
    }
    if (err instanceof ProtocolViolation) {
      this.deps.metrics.protocolError('postgres');
      refuse(socket, SQLSTATE.protocolViolation, `airlock: protocol violation: ${err.message}`);
      return;
    }
    this.deps.log.error('startup failed', { error: err });
    refuse(socket, SQLSTATE.connectionFailure, 'airlock: internal error during startup');
  }
}
