import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { requireBinary } from '../support/binaries.js';
import { adminQuery, createDatabase, pgTarget } from '../support/databases.js';
import { readRepoFile, repoRoot } from './repo-files.js';

const SEED = 'deploy/sample/target-init.sql';
const seed = readRepoFile(SEED);

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

describe('compose sample database seed', () => {
  it('holds fake PII a detector recognises: Luhn-valid test cards, advertising-range SSNs, 555-01xx phones', () => {
    const cards = [...seed.matchAll(/'(\d{13,19})'/g)].map((m) => m[1]!);
    expect(cards.length).toBeGreaterThanOrEqual(5);
    for (const card of cards) expect(passesLuhn(card), card).toBe(true);
    const ssns = [...seed.matchAll(/'(\d{3}-\d{2}-\d{4})'/g)].map((m) => m[1]!);
    expect(ssns.length).toBe(cards.length);
    for (const ssn of ssns) expect(ssn).toMatch(/^987-65-432\d$/);
    for (const phone of seed.matchAll(/'\+1-\d{3}-(\d{3})-(\d{2})\d{2}'/g)) expect([phone[1], phone[2]]).toEqual(['555', '01']);
  });

  // The role is cluster-wide, so it is dropped again for reruns against TEST_PG_ADMIN_URL.
  let database: string | undefined;
  afterAll(async () => {
    if (database) await adminQuery('postgres', `DROP DATABASE IF EXISTS ${database}`);
    await adminQuery('postgres', 'DROP ROLE IF EXISTS app_rw');
  });

  it('runs as the postgres image would and lets app_rw log in with APP_DB_PASSWORD over SCRAM', async () => {
    database = await createDatabase('seed');
    const { host, port } = pgTarget();
    const password = 'dev-only-seed-test';
    execFileSync(requireBinary('psql', 'postgresql-client'), ['-X', '-q', '-h', host, '-p', String(port), '-U', 'postgres', '-d', database, '-f', join(repoRoot, SEED)], {
      env: { ...process.env, APP_DB_PASSWORD: password },
      stdio: 'pipe',
    });
    const client = new pg.Client({ host, port, database, user: 'app_rw', password });
    await client.connect();
    try {
      const customers = await client.query('SELECT count(*)::int AS n FROM customers');
      expect(customers.rows[0].n).toBeGreaterThanOrEqual(5);
      const orders = await client.query('SELECT count(*)::int AS n FROM orders JOIN customers ON customers.id = orders.customer_id');
      expect(orders.rows[0].n).toBeGreaterThan(0);
      await expect(client.query('CREATE TABLE x (id int)')).rejects.toThrow(/permission denied/);
    } finally {
      await client.end();
    }
  });
});
