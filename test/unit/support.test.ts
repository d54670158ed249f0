import { describe, expect, it } from 'vitest';
import { adminQuery, createDatabase, createRole, pgTarget } from '../support/databases.js';
import pg from 'pg';

describe('test support', () => {
  it('gives each test its own database on a spawned cluster with SCRAM logins', async () => {
    const db = await createDatabase('support');
    await createRole('support_scram', 's3cret-pw');
    const { host, port } = pgTarget();
    const c = new pg.Client({ host, port, database: db, user: 'support_scram', password: 's3cret-pw' });
    await c.connect();
    const r = await c.query('select current_database() as db');
    await c.end();
    expect(r.rows[0].db).toBe(db);
    const bad = new pg.Client({ host, port, database: db, user: 'support_scram', password: 'wrong' });
    await expect(bad.connect()).rejects.toThrow(/password authentication failed/);
    expect((await adminQuery('postgres', 'select 1 as one'))[0]?.one).toBe(1);
  });
});
