import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
const MARKER = `/tmp/airlock-bypass-${process.pid}`;

beforeAll(async () => {
  gw = await startTestGateway({
    setupSql: `CREATE TABLE victims (id int PRIMARY KEY);
               INSERT INTO victims VALUES (1), (2), (3);
               CREATE FUNCTION purge() RETURNS void LANGUAGE sql AS 'DELETE FROM victims';
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;
               GRANT CREATE ON SCHEMA public TO PUBLIC;`,
  });
});
afterAll(() => gw?.close());

/** Every attempt must leave the upstream exactly as it was; only the effect counts, not the message. */
async function expectNoEffect(): Promise<void> {
  expect((await gw.upstream<{ n: number }>('SELECT count(*)::int AS n FROM victims'))[0]?.n).toBe(3);
  expect(await gw.upstream(`SELECT 1 FROM pg_class WHERE relname IN ('smuggled', 'victims_copy')`)).toEqual([]);
  expect(existsSync(MARKER)).toBe(false);
}

const simpleAttempts: Array<[string, string]> = [
  ['stacked after a read', 'SELECT 1; DELETE FROM victims'],
  ['hidden behind a block comment', '/* just a read */ DELETE FROM victims'],
  ['hidden after a line comment', '-- harmless\nDELETE FROM victims'],
  ['nested comments', '/* a /* b */ c */ DELETE FROM victims'],
  ['mixed case', 'DeLeTe FrOm victims'],
  ['quoted identifiers', 'DELETE FROM "public"."victims"'],
  ['unicode-escaped identifier', 'DELETE FROM U&"\\0076ictims"'],
  ['dollar-quoted text before a write', "SELECT $x$ ; $x$; DELETE FROM victims"],
  ['writable CTE', 'WITH d AS (DELETE FROM victims RETURNING *) SELECT count(*) FROM d'],
  ['EXPLAIN ANALYZE runs its target', 'EXPLAIN ANALYZE DELETE FROM victims'],
  ['PREPARE then EXECUTE in one string', 'PREPARE p AS DELETE FROM victims; EXECUTE p'],
  ['DO block', 'DO $$ BEGIN DELETE FROM victims; END $$'],
  ['DO block with dynamic SQL', "DO $$ BEGIN EXECUTE 'DELETE FROM ' || 'victims'; END $$"],
  ['user-defined function', 'SELECT purge()'],
  ['schema-qualified user function', 'SELECT public.purge()'],
  ['TRUNCATE after a read', 'SELECT * FROM victims; TRUNCATE victims'],
  ['CREATE TABLE AS', 'CREATE TABLE smuggled AS SELECT 1'],
  ['SELECT INTO', 'SELECT * INTO victims_copy FROM victims'],
  ['COPY to a program', `COPY victims TO PROGRAM 'touch ${MARKER}'`],
  ['COPY to a server file', `COPY victims TO '${MARKER}'`],
  ['server file read', "SELECT pg_read_file('/etc/passwd')"],
  ['lexing change via set_config', "SELECT set_config('standard_conforming_strings', 'off', false)"],
];

describe('bypass attempts through psql (simple protocol)', () => {
  it.each(simpleAttempts)('%s is refused with no effect upstream', async (_name, sql) => {
    const r = await gw.psql(['-c', sql]);
    expect(r.stderr).toMatch(/airlock: (needs approval|blocked by policy)/);
    await expectNoEffect();
  });

  it('a lexing change in one message cannot smuggle a write into the next', async () => {
    const r = await gw.psql(['-c', 'SET standard_conforming_strings = off', '-c', "SELECT 'a\\'; DELETE FROM victims; --'", '-c', 'SHOW standard_conforming_strings']);
    expect(r.stderr).toMatch(/blocked by policy/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('on');
    await expectNoEffect();
  });
});

describe('bypass attempts through node-postgres (extended protocol)', () => {
  it('refuses writes and lexing changes sent as prepared statements with parameters', async () => {
    const c = await gw.client();
    try {
      await expect(c.query('DELETE FROM victims WHERE id > $1', [0])).rejects.toMatchObject({ code: '42501' });
      await expect(c.query('SELECT set_config($1, $2, false)', ['standard_conforming_strings', 'off'])).rejects.toMatchObject({ code: '42501' });
      await expect(c.query({ name: 'sneaky', text: 'WITH d AS (DELETE FROM victims RETURNING 1) SELECT $1::int', values: [1] })).rejects.toMatchObject({ code: '42501' });
      // The refused name was never prepared, so re-using it cannot run anything.
      await expect(c.query({ name: 'sneaky', text: 'WITH d AS (DELETE FROM victims RETURNING 1) SELECT $1::int', values: [1] })).rejects.toMatchObject({ code: '42501' });
      expect((await c.query('SHOW standard_conforming_strings')).rows).toEqual([{ standard_conforming_strings: 'on' }]);
    } finally {
      await c.end();
    }
    await expectNoEffect();
  });
});
