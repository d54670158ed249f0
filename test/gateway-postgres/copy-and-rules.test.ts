import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './harness.js';

const SETUP = `CREATE TABLE items (id int PRIMARY KEY, name text);
               INSERT INTO items VALUES (1, 'one'), (2, 'two');
               CREATE TABLE scratch (id int, note text);
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;

describe('COPY through the gateway', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ setupSql: SETUP });
  });
  afterAll(() => gw?.close());

  it('streams COPY TO STDOUT (a read), as \\copy out does', async () => {
    const r = await gw.psql(['-c', '\\copy (SELECT id, name FROM items ORDER BY id) TO STDOUT WITH CSV']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1,one\n2,two\n');
  });

  it('treats COPY FROM STDIN as a write that needs approval', async () => {
    const r = await gw.psql(['-c', '\\copy scratch FROM STDIN'], { input: '9\tnine\n\\.\n' });
    expect(r.stderr).toMatch(/needs approval/);
    expect(await gw.upstream('SELECT * FROM scratch')).toEqual([]);
  });
});

describe('configured rules', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      setupSql: SETUP,
      rules: [
        { name: 'agents-fill-scratch', match: { tables: ['scratch'], groups: ['agents'], kinds: ['copy', 'insert', 'delete'] }, action: 'allow' },
        { name: 'items-frozen', match: { tables: ['items'] }, action: 'deny', reason: 'items is frozen for the audit' },
        { name: 'no-pg-sleep', match: { functions: ['pg_sleep'] }, action: 'deny', reason: 'no sleeping on prod' },
      ],
    });
  });
  afterAll(() => gw?.close());

  it('lets an allowed COPY FROM STDIN stream its rows upstream', async () => {
    const r = await gw.psql(['-c', '\\copy scratch FROM STDIN'], { input: '7\tseven\n8\teight\n\\.\n' });
    expect(r.stderr).toBe('');
    expect(await gw.upstream('SELECT id, note FROM scratch ORDER BY id')).toEqual([
      { id: 7, note: 'seven' },
      { id: 8, note: 'eight' },
    ]);
  });

  it('runs a write a rule allows, and records it with its row count', async () => {
    const r = await gw.psql(['-c', 'DELETE FROM scratch WHERE id = 7']);
    expect(r.stdout).toBe('DELETE 1\n');
    expect(r.stderr).toBe('');
    expect(await gw.upstream('SELECT id FROM scratch')).toEqual([{ id: 8 }]);
    const ev = (await gw.auditEvents()).find((e) => e.data.text === 'DELETE FROM scratch WHERE id = 7');
    expect(ev?.data).toMatchObject({ action: 'allow', tags: ['DELETE 1'], rows: 1 });
  });

  it('blocks even reads of a table a rule denies, naming the rule\'s reason', async () => {
    const r = await gw.psql(['-c', 'SELECT * FROM items']);
    expect(r.stderr).toMatch(/airlock: blocked by policy: items is frozen for the audit/);
  });

  it('applies function rules', async () => {
    const r = await gw.psql(['-c', 'SELECT pg_sleep(0)']);
    expect(r.stderr).toMatch(/no sleeping on prod/);
  });
});
