import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({
    setupSql: `CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int);
               INSERT INTO accounts VALUES (1, 'ann', 100), (2, 'bob', 200), (3, 'cy', 300);
               CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS 'DELETE FROM accounts';
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`,
  });
});
afterAll(() => gw?.close());

const count = async () => (await gw.upstream<{ n: number }>('SELECT count(*)::int AS n FROM accounts'))[0]?.n;

describe('node-postgres (extended protocol) through the gateway', () => {
  it('runs parameterised reads, named prepared statements and keeps pipelined results in order', async () => {
    const c = await gw.client();
    try {
      const one = await c.query('SELECT owner FROM accounts WHERE id = $1', [2]);
      expect(one.rows).toEqual([{ owner: 'bob' }]);
      const named = { name: 'by-id', text: 'SELECT balance FROM accounts WHERE id = $1' };
      const results = await Promise.all([1, 2, 3].map((id) => c.query({ ...named, values: [id] })));
      expect(results.map((r) => r.rows[0].balance)).toEqual([100, 200, 300]);
    } finally {
      await c.end();
    }
  });

  it('refuses a parameterised write, keeps the session usable, and the row is untouched', async () => {
    const c = await gw.client();
    try {
      await expect(c.query('DELETE FROM accounts WHERE id = $1', [1])).rejects.toMatchObject({ code: '42501' });
      const again = await c.query('SELECT count(*)::int AS n FROM accounts');
      expect(again.rows[0].n).toBe(3);
    } finally {
      await c.end();
    }
    expect(await count()).toBe(3);
  });

  it('answers pipelined queries in order when one in the middle is refused', async () => {
    const c = await gw.client();
    try {
      const settled = await Promise.allSettled([
        c.query('SELECT 1 AS a'),
        c.query('UPDATE accounts SET balance = 0 WHERE id = $1', [1]),
        c.query('SELECT $1::int AS b', [2]),
      ]);
      expect(settled[0]).toMatchObject({ status: 'fulfilled', value: { rows: [{ a: 1 }] } });
      expect(settled[1]).toMatchObject({ status: 'rejected', reason: { code: '42501' } });
      expect(settled[2]).toMatchObject({ status: 'fulfilled', value: { rows: [{ b: 2 }] } });
    } finally {
      await c.end();
    }
    expect((await gw.upstream('SELECT balance FROM accounts WHERE id = 1'))[0]?.balance).toBe(100);
  });

  it('judges SQL-level EXECUTE by the prepared body', async () => {
    const c = await gw.client();
    try {
      await c.query('PREPARE ok_read AS SELECT owner FROM accounts WHERE id = 3');
      expect((await c.query('EXECUTE ok_read')).rows).toEqual([{ owner: 'cy' }]);
      await expect(c.query('PREPARE wipe AS DELETE FROM accounts')).rejects.toMatchObject({ code: '42501' });
      await expect(c.query('EXECUTE wipe')).rejects.toThrow(/airlock: needs approval/);
    } finally {
      await c.end();
    }
    expect(await count()).toBe(3);
  });

  it('refuses calls to user-defined functions', async () => {
    const c = await gw.client();
    try {
      await expect(c.query('SELECT purge()')).rejects.toThrow(/airlock: needs approval: .*purge/);
    } finally {
      await c.end();
    }
    expect(await count()).toBe(3);
  });
});
