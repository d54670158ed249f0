import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { inject } from 'vitest';
import type { AirlockConfig, MaskingConfig, OidcConfig, PolicyRule, TlsConfig } from '../../src/config/types.js';
import { hashToken } from '../../src/identity/hash-token.js';
import { startGateway, type RunningGateway, type StartOptions } from '../../src/server.js';
import { createLogger } from '../../src/util/log.js';
import { adminQuery, createDatabase, createRole, pgTarget } from '../support/databases.js';
import { psql, type PsqlResult } from '../support/psql.js';

export const AGENT = { name: 'devin', token: 'agent-token-' + randomBytes(8).toString('hex') };
export const READER = { name: 'auditor@example.com', token: 'reader-token-' + randomBytes(8).toString('hex') };
export const REVIEWER = { name: 'dba@example.com', token: 'reviewer-token-' + randomBytes(8).toString('hex') };
/** An agent whose token is configured as sha256:<hex>, so it can only log in with a cleartext password. */
export const HASHED_AGENT = { name: 'hashed-agent', token: 'hashed-token-' + randomBytes(8).toString('hex') };

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly port: number;
  readonly httpPort: number;
  /** The upstream database behind connection "prod". */
  readonly database: string;
  readonly auditDatabase: string;
  /** The upstream password: it must never reach the agent, the logs or the audit trail. */
  readonly upstreamPassword: string;
  readonly logs: string[];
  psql(args: string[], opts?: Parameters<typeof psql>[2] & { token?: string; dbname?: string; user?: string; sslmode?: 'disable' | 'require'; extra?: string }): Promise<PsqlResult>;
  client(opts?: { token?: string; database?: string }): Promise<pg.Client>;
  upstream<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string): Promise<T[]>;
  auditEvents(): Promise<Array<{ type: string; identity: string | null; data: Record<string, unknown> }>>;
  close(): Promise<void>;
}

/** A gateway in this process in front of a fresh database, with its audit trail in another. */
export async function startTestGateway(
  opts: {
    rules?: PolicyRule[];
    audit?: Partial<AirlockConfig['audit']>;
    setupSql?: string;
    tls?: TlsConfig;
    /** Park `review` verdicts in the run's Redis (otherwise Redis is unreachable and they are refused). */
    approvals?: Partial<AirlockConfig['policies'][string]['approvals']>;
    /** Mask connection "prod"'s results with this set. */
    masking?: MaskingConfig;
    /** Keep connection "prod"'s result rows in the audit trail. */
    recordRows?: 'all' | number;
    onSessionEnd?: StartOptions['onSessionEnd'];
    /** Also accept this identity provider's tokens. */
    oidc?: OidcConfig;
  } = {},
): Promise<TestGateway> {
  const database = await createDatabase('target');
  const auditDatabase = await createDatabase('audit');
  const role = `app_rw_${randomBytes(3).toString('hex')}`;
  const upstreamPassword = 'Upstream-Secret-' + randomBytes(8).toString('hex');
  await createRole(role, upstreamPassword);
  if (opts.setupSql) await adminQuery(database, opts.setupSql);
  const { host, port } = pgTarget();
  const auditUrl = new URL(`postgres://postgres@${host}:${port}/${auditDatabase}`).toString();
  const config: AirlockConfig = {
    gateway: { id: `gw-${randomBytes(3).toString('hex')}`, http: { port: 0, host: '127.0.0.1' } },
    redis: { url: opts.approvals ? inject('redisUrl') : 'redis://127.0.0.1:1', prefix: 'airlock' },
    audit: { database: auditUrl, spool: mkdtempSync(join(tmpdir(), 'airlock-spool-')), readers: ['auditors'], ...opts.audit },
    identity: {
      people: [],
      tokens: [
        { name: AGENT.name, token: AGENT.token, groups: ['agents'] },
        { name: READER.name, token: READER.token, groups: ['auditors'] },
        { name: REVIEWER.name, token: REVIEWER.token, groups: ['dba'] },
        { name: HASHED_AGENT.name, token: hashToken(HASHED_AGENT.token), groups: ['agents'] },
      ],
      ...(opts.oidc ? { oidc: opts.oidc } : {}),
    },
    listeners: { postgres: { port: 0, host: '127.0.0.1', ...(opts.tls ? { tls: opts.tls } : {}) } },
    connections: [
      {
        name: 'prod',
        type: 'postgres',
        upstream: { host, port, database, user: role, password: upstreamPassword, sslmode: 'disable' },
        policy: 'sql-default',
        reviewers: ['dba'],
        ...(opts.masking ? { mask: 'pii' } : {}),
        ...(opts.recordRows !== undefined ? { recordRows: opts.recordRows } : {}),
      },
    ],
    policies: { 'sql-default': { preset: 'postgres', rules: opts.rules ?? [], approvals: { timeoutMs: 300_000, quorum: 1, ...opts.approvals } } },
    masking: opts.masking ? { pii: opts.masking } : {},
    channels: { console: {} },
  };
  const logs: string[] = [];
  const gateway = await startGateway(config, {
    log: createLogger({}, { level: 'debug', write: (l) => logs.push(l) }),
    consoleOut: new PassThrough(),
    ...(opts.onSessionEnd ? { onSessionEnd: opts.onSessionEnd } : {}),
  });
  const gwPort = gateway.ports.postgres!;
  return {
    gateway,
    port: gwPort,
    httpPort: gateway.ports.http,
    database,
    auditDatabase,
    upstreamPassword,
    logs,
    psql: (args, o = {}) =>
      psql({ port: gwPort, dbname: o.dbname ?? 'prod', user: o.user ?? AGENT.name, password: o.token ?? AGENT.token, ...(o.sslmode ? { sslmode: o.sslmode } : {}), ...(o.extra ? { extra: o.extra } : {}) }, args, o),
    async client(o = {}) {
      const c = new pg.Client({ host: '127.0.0.1', port: gwPort, database: o.database ?? 'prod', user: AGENT.name, password: o.token ?? AGENT.token });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    },
    upstream: (sql) => adminQuery(database, sql),
    async auditEvents() {
      return adminQuery(auditDatabase, `SELECT type, identity, data FROM audit_events ORDER BY chain, seq`);
    },
    close: () => gateway.close(2000),
  };
}
