import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adminQuery, createDatabase, createRole, pgTarget } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { psql, type PsqlResult } from '../support/psql.js';
import { startGatewayProcess, type GatewayConfigFile, type GatewayProcess } from './gateway-process.js';

const token = (who: string) => `${who}-token-${randomBytes(8).toString('hex')}`;
export const AGENT = { name: 'devin', token: token('agent') };
export const REVIEWER = { name: 'dba@example.com', token: token('reviewer') };
export const AUDITOR = { name: 'auditor@example.com', token: token('auditor') };

export const ORDERS = `CREATE TABLE orders (id int PRIMARY KEY, status text);
  INSERT INTO orders SELECT g, 'paid' FROM generate_series(1, 20) g;
  GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;

/**
 * What several gateway processes share: one Redis, one audit database (each gateway writes its own
 * chain), one target database behind connection "prod", and a directory for config files and spools.
 */
export interface Deployment {
  readonly database: string;
  /** Starts `airlock start -c …` with its own gateway id, ports and spool; `sections` replace whole top-level sections. */
  startGateway(id: string, sections?: Record<string, unknown>): Promise<GatewayProcess>;
  upstream<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
}

/** What a test adds to every gateway's config: chat channels, token-less reviewers, an IdP, and who reviews "prod". */
export interface DeploymentOptions {
  readonly channels?: Record<string, unknown>;
  readonly people?: readonly { readonly name: string; readonly groups: readonly string[] }[];
  readonly oidc?: Record<string, unknown>;
  /** Extra environment for every gateway process (e.g. NODE_EXTRA_CA_CERTS for a TLS stand-in). */
  readonly env?: Readonly<Record<string, string>>;
  /** Connection "prod"'s `reviewers` (default [dba]). */
  readonly reviewers?: readonly unknown[];
}

/** Connection "prod-fast" waits this long for a decision, for tests of expiry. */
export const FAST_TIMEOUT = '2s';

export async function createDeployment(redisUrl: string, opts: DeploymentOptions = {}): Promise<Deployment> {
  const database = await createDatabase('e2e_target');
  const auditDatabase = await createDatabase('e2e_audit');
  const role = `e2e_rw_${randomBytes(3).toString('hex')}`;
  const password = 'Upstream-' + randomBytes(8).toString('hex');
  await createRole(role, password);
  await adminQuery(database, ORDERS);
  const dir = await mkdtemp(join(tmpdir(), 'airlock-e2e-'));
  const prefix = `e2e-${randomBytes(4).toString('hex')}`;
  const { host, port } = pgTarget();
  const upstream = { host, port, database, user: role, password, sslmode: 'disable' };
  const config = async (id: string): Promise<GatewayConfigFile> => ({
    gateway: { id, http: { port: await freePort(), host: '127.0.0.1' } },
    // Test files share one Redis; a prefix per deployment keeps their queues (and chat deliveries) apart.
    redis: { url: redisUrl, prefix },
    audit: { database: `postgres://postgres@${host}:${port}/${auditDatabase}`, spool: join(dir, `spool-${id}`), readers: ['auditors'] },
    identity: {
      tokens: [
        { name: AGENT.name, token: AGENT.token, groups: ['agents'] },
        { name: REVIEWER.name, token: REVIEWER.token, groups: ['dba'] },
        { name: AUDITOR.name, token: AUDITOR.token, groups: ['auditors'] },
      ],
      people: opts.people ?? [],
      ...(opts.oidc && { oidc: opts.oidc }),
    },
    listeners: { postgres: { port: await freePort(), host: '127.0.0.1' } },
    connections: [
      { name: 'prod', type: 'postgres', upstream, policy: 'sql', reviewers: opts.reviewers ?? ['dba'] },
      { name: 'prod-fast', type: 'postgres', upstream, policy: 'sql-fast', reviewers: ['dba'] },
    ],
    policies: { sql: { preset: 'postgres', approvals: { timeout: '5m' } }, 'sql-fast': { preset: 'postgres', approvals: { timeout: FAST_TIMEOUT } } },
    ...(opts.channels && { channels: opts.channels }),
  });
  return {
    database,
    startGateway: async (id, sections = {}) => startGatewayProcess({ ...(await config(id)), ...sections }, dir, opts.env),
    upstream: (sql) => adminQuery(database, sql),
  };
}

/** psql as the agent through a gateway's PostgreSQL listener. */
export function agentPsql(gw: GatewayProcess, args: string[], dbname = 'prod'): Promise<PsqlResult> {
  return psql({ port: gw.pgPort, dbname, user: AGENT.name, password: AGENT.token }, args);
}
