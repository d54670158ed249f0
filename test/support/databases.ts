import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** Connects as the superuser to the shared cluster's given database. */
export function adminClient(database = 'postgres'): pg.Client {
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${database}`;
  return new pg.Client({ connectionString: url.toString() });
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const c = adminClient(database);
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

/** Creates a fresh database with a unique name, so test files never share state. */
export async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase();
  await adminQuery('postgres', `CREATE DATABASE ${name}`);
  return name;
}

export function pgTarget(): { host: string; port: number } {
  const url = new URL(inject('pgAdminUrl'));
  return { host: url.hostname, port: Number(url.port || 5432) };
}

/** Creates (or resets) a login role whose password is stored with the given method. */
export async function createRole(name: string, password: string, encryption: 'scram-sha-256' | 'md5' = 'scram-sha-256'): Promise<void> {
  const c = adminClient();
  await c.connect();
  try {
    await c.query(`SET password_encryption = '${encryption}'`);
    await c.query(`DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${name}') THEN CREATE ROLE ${name} LOGIN SUPERUSER; END IF; END$$`);
    await c.query(`ALTER ROLE ${name} PASSWORD '${password.replace(/'/g, "''")}'`);
  } finally {
    await c.end();
  }
}
