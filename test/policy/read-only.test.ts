import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createDatabase } from '../support/databases.js';
import { loadSqlParser, SqlPolicy, type PolicyContext } from '../../src/policy/sql-policy.js';
import { CASES } from './cases.js';

/**
 * Holds the classifier to the real server: what the preset allows must run inside a READ ONLY
 * transaction, and what it reviews as a write must be refused there (SQLSTATE 25006).
 */
await loadSqlParser(); // the case list below is filtered while tests are collected
const ctx: PolicyContext = { identity: { name: 'devin', groups: [], source: 'token' }, connection: 'prod-db' };
const policy = new SqlPolicy({ preset: 'postgres', rules: [], approvals: { timeoutMs: 1, quorum: 1 } });
let client: pg.Client;

const SCHEMA = `
  create table users (id int, email text, created_at timestamptz, admin bool, a int, data jsonb, tags text[]);
  create table orders (id serial, user_id int, total numeric);
  create table events (data jsonb, tags text[]);
  create table t (id int, data text);
`;

const WRITES = [
  'delete from public.orders',
  'update users set admin = true where id = 1',
  'insert into users (id) values (1)',
  'truncate orders',
  'with d as (delete from orders returning *) select * from d',
  'explain analyze delete from orders',
  'select * into backup from users',
  'create table backup as select * from users',
  'select * from users for update',
  "select nextval('orders_id_seq')",
  'do $$ begin delete from orders; end $$',
];

/** Runs one statement in a READ ONLY transaction; resolves to its SQLSTATE, or null when it succeeded. */
async function readOnlyOutcome(sql: string): Promise<string | null> {
  await client.query('begin transaction read only');
  try {
    await client.query(sql);
    return null;
  } catch (e) {
    return (e as { code?: string }).code ?? 'unknown';
  } finally {
    await client.query('rollback');
  }
}

beforeAll(async () => {
  const db = await createDatabase('policy_ro');
  client = adminClient(db);
  await client.connect();
  await client.query(SCHEMA);
});

afterAll(() => client?.end());

const reads = CASES.flatMap(([sql, action]) => {
  if (action !== 'allow' || sql.trim() === '') return [];
  const kinds = policy.judge(sql, ctx).kinds;
  const runnable = (kinds.includes('select') || kinds.includes('explain')) && !kinds.includes('copy') && !kinds.includes('cursor');
  return runnable ? [sql] : [];
});

describe('preset against a real PostgreSQL', () => {
  it('covers a meaningful share of the allowed cases', () => {
    expect(reads.length).toBeGreaterThan(15);
  });

  it.each(reads)('allowed %s runs in a read-only transaction', async (sql) => {
    expect(await readOnlyOutcome(sql)).toBeNull();
  });

  it.each(WRITES)('reviewed %s is refused by a read-only transaction', async (sql) => {
    expect(policy.judge(sql, ctx).action).toBe('review');
    expect(await readOnlyOutcome(sql)).toBe('25006');
  });
});
