import type { BenchDatabase } from '../pgbench/bench-database.js';
import type { BenchConfig } from '../pgbench/gateway.js';
import type { Pgbouncer } from '../pgbench/pgbouncer.js';

/** Held statements expire on this connection (dbname) after the bench's --timeout. */
export const EXPIRE_CONNECTION = 'expire';
/** Held statements wait here long enough to be approved one by one. */
export const DECIDE_CONNECTION = 'decide';
export const REVIEWER = { name: 'reviewer', group: 'dba' } as const;

/**
 * The bench gateway config reshaped for approvals: two connections through pgbouncer whose policies
 * review every DELETE, one with a short timeout and one with a long one, and a reviewer identity
 * (agents may not approve their own statements).
 */
export function approvalsConfig(base: BenchConfig, db: BenchDatabase, bouncer: Pgbouncer, timeoutMs: number, reviewerToken: string): object {
  const [template] = base.connections;
  const upstream = { host: '127.0.0.1', port: bouncer.port, database: bouncer.database, user: db.user, password: db.password, sslmode: 'disable' };
  const connection = (name: string) => ({ ...template, name, upstream, policy: name, reviewers: [REVIEWER.group] });
  const policy = (timeout: string) => ({
    preset: 'postgres',
    rules: [{ match: { kinds: ['delete'] }, action: 'review', reason: 'deletes are reviewed' }],
    approvals: { timeout, quorum: 1 },
  });
  return {
    ...base,
    identity: { tokens: [...base.identity.tokens, { name: REVIEWER.name, token: reviewerToken, groups: [REVIEWER.group] }] },
    connections: [connection(EXPIRE_CONNECTION), connection(DECIDE_CONNECTION)],
    policies: { [EXPIRE_CONNECTION]: policy(`${timeoutMs}ms`), [DECIDE_CONNECTION]: policy('1h') },
  };
}
