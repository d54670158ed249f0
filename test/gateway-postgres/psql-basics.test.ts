import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT, HASHED_AGENT, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({
    setupSql: `CREATE TABLE orders (id int PRIMARY KEY, total numeric);
               INSERT INTO orders SELECT g, g * 10 FROM generate_series(1, 5) g;
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`,
  });
});
afterAll(() => gw?.close());

describe('psql through the gateway', () => {
  it('runs an allowed read and returns the upstream rows', async () => {
    const r = await gw.psql(['-c', 'SELECT id, total FROM orders ORDER BY id']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1|10\n2|20\n3|30\n4|40\n5|50\n');
    expect(r.code).toBe(0);
  });

  it('refuses a write that needs approval with 42501 and leaves the table unchanged', async () => {
    const r = await gw.psql(['-v', 'VERBOSITY=verbose', '-c', 'DELETE FROM orders']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ERROR:\s+42501: airlock: needs approval: .*DELETE/);
    expect((await gw.upstream('SELECT count(*)::int AS n FROM orders'))[0]?.n).toBe(5);
  });

  it('blocks server-side program access by policy', async () => {
    const r = await gw.psql(['-c', "COPY orders TO PROGRAM 'touch /tmp/airlock-pwned'"]);
    expect(r.stderr).toMatch(/airlock: blocked by policy/);
  });

  it('keeps the session usable after a refusal', async () => {
    const r = await gw.psql(['-c', 'DELETE FROM orders', '-c', 'SELECT count(*) FROM orders']);
    expect(r.stderr).toMatch(/needs approval/);
    expect(r.stdout).toBe('5\n');
  });

  it('rejects a wrong token with 28P01 and an unknown connection with 3D000', async () => {
    const bad = await gw.psql(['-c', 'select 1'], { token: 'not-the-token' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/FATAL:\s+airlock: authentication failed: invalid token/);
    expect(bad.stderr).not.toContain('not-the-token');
    await expect(gw.client({ token: 'not-the-token' })).rejects.toMatchObject({ code: '28P01' });
    const unknown = await gw.psql(['-c', 'select 1'], { dbname: 'nope' });
    expect(unknown.stderr).toMatch(/unknown connection "nope"/);
    await expect(gw.client({ database: 'nope' })).rejects.toMatchObject({ code: '3D000' });
  });

  it('requires the user to match the token identity', async () => {
    // A name with a SCRAM verifier (or none at all) is checked by SCRAM, so another identity's token just fails.
    expect((await gw.psql(['-c', 'select 1'], { user: 'someone-else' })).stderr).toMatch(/FATAL: {2}airlock: authentication failed: invalid token/);
    // On the cleartext path (a token configured as sha256:) the token is seen, so the mismatch can be named.
    const r = await gw.psql(['-c', 'select 1'], { user: HASHED_AGENT.name });
    expect(r.stderr).toMatch(/does not match the token's identity "devin"/);
  });

  it('refuses startup options that could change parsing', async () => {
    const r = await gw.psql(['-c', 'select 1'], { env: { PGOPTIONS: '-c search_path=evil' } });
    expect(r.stderr).toMatch(/startup options are not allowed/);
  });

  it('refuses replication connections', async () => {
    const r = await gw.psql(['-c', 'IDENTIFY_SYSTEM'], { extra: 'replication=database' });
    expect(r.stderr).toMatch(/replication connections are not allowed through airlock/);
  });

  it('counts sessions and statements by verdict in /metrics', async () => {
    await gw.psql(['-c', 'SELECT 1', '-c', 'DELETE FROM orders']);
    const text = await (await fetch(`http://127.0.0.1:${gw.httpPort}/metrics`)).text();
    expect(text).toMatch(/airlock_statements_total\{protocol="postgres",connection="prod",action="allow"\} [1-9]/);
    expect(text).toMatch(/airlock_statements_total\{protocol="postgres",connection="prod",action="review"\} [1-9]/);
    expect(text).toMatch(/airlock_auth_failures_total\{protocol="postgres"\} [1-9]/);
  });

  it('records session start, each statement and session end durably, with identity', async () => {
    await gw.psql(['-c', 'SELECT 42 AS answer']);
    const events = await gw.auditEvents();
    const stmt = events.find((e) => e.type === 'statement' && e.data.text === 'SELECT 42 AS answer');
    expect(stmt?.identity).toBe(AGENT.name);
    expect(stmt?.data).toMatchObject({ action: 'allow', tags: ['SELECT 1'], rows: 1 });
    const refused = events.find((e) => e.type === 'statement' && e.data.text === 'DELETE FROM orders');
    expect(refused?.data).toMatchObject({ action: 'review', refused: true });
    expect(events.some((e) => e.type === 'session.start')).toBe(true);
    expect(events.some((e) => e.type === 'session.end')).toBe(true);
    expect(events.some((e) => e.type === 'auth.failed')).toBe(true);
  });

  it('cancels a running pg_sleep when psql is interrupted (Ctrl-C)', async () => {
    let pid = 0;
    const run = gw.psql(['-c', 'SELECT pg_sleep(30)'], { onSpawn: (p) => (pid = p) });
    // psql only sends a cancel once the query is running upstream; wait until the server shows it.
    for (let i = 0; i < 100; i++) {
      const active = await gw.upstream<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(30)' AND state = 'active'`);
      if (active[0]?.n) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(pid, 'SIGINT');
    const r = await run;
    expect(r.stderr).toMatch(/canceling statement due to user request/);
  });

  it('never shows the upstream credential to the agent, in logs or in the audit trail', async () => {
    const r = await gw.psql(['-c', "SELECT current_setting('application_name')", '-c', 'SELECT 1 FROM missing_table']);
    expect(r.stdout).toBe(`airlock:${AGENT.name}:psql\n`);
    expect(r.stdout + r.stderr).not.toContain(gw.upstreamPassword);
    const audit = JSON.stringify(await gw.auditEvents());
    expect(audit).not.toContain(gw.upstreamPassword);
    expect(gw.logs.join('\n')).not.toContain(gw.upstreamPassword);
    expect(gw.logs.join('\n')).not.toContain(AGENT.token);
  });
});
