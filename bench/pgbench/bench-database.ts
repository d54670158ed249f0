import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { requireBinary } from '../../test/support/binaries.js';
import { COMMIT_PROBE } from './durable-script.js';

export const BENCH_DATABASE = 'bench';
export const AUDIT_DATABASE = 'airlock_audit';
export const BENCH_ROLE = 'bench_app';

export interface BenchDatabase {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  /** The SCRAM login every target uses upstream, so authentication costs are alike. */
  readonly user: string;
  readonly password: string;
  readonly auditUrl: string;
}

export async function adminRun(adminUrl: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Creates the pgbench database (pgbench -i at the given scale), the audit database and a SCRAM role
 * with the rights pgbench's built-in scripts need. The cluster is the bench's own throwaway one.
 */
export async function prepareBenchDatabase(adminUrl: string, scale: number): Promise<BenchDatabase> {
  const url = new URL(adminUrl);
  const host = url.hostname;
  const port = Number(url.port);
  const password = randomBytes(12).toString('hex');
  await adminRun(adminUrl, [`CREATE DATABASE ${BENCH_DATABASE}`, `CREATE DATABASE ${AUDIT_DATABASE}`]);
  console.log(`initialising pgbench (scale ${scale})…`);
  execFileSync(requireBinary('pgbench', 'postgresql'), ['-i', '-q', '-s', String(scale), '-h', host, '-p', String(port), '-U', url.username, BENCH_DATABASE], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  url.pathname = `/${BENCH_DATABASE}`;
  await adminRun(url.toString(), [
    "SET password_encryption = 'scram-sha-256'",
    `CREATE ROLE ${BENCH_ROLE} LOGIN PASSWORD '${password}'`,
    `CREATE TABLE ${COMMIT_PROBE} (aid int NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${BENCH_ROLE}`,
  ]);
  url.pathname = `/${AUDIT_DATABASE}`;
  return { host, port, database: BENCH_DATABASE, user: BENCH_ROLE, password, auditUrl: url.toString() };
}
