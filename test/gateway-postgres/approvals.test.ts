import { describe, expect, it } from 'vitest';
import { reviewer, useApprovalGateways } from './approval-gateways.js';
import { AGENT, REVIEWER, type TestGateway } from './harness.js';

const SETUP = `CREATE TABLE orders (id int PRIMARY KEY, status text);
               INSERT INTO orders VALUES (1, 'paid'), (2, 'refunded'), (3, 'refunded'), (4, 'paid');
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;
const gws = useApprovalGateways(SETUP, 'reviewer-side');

const statusCounts = async (g: TestGateway) =>
  Object.fromEntries((await g.upstream<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM orders GROUP BY status')).map((r) => [r.status, r.n]));

describe('statements that need approval through psql', () => {
  it('holds a DELETE, tells the agent the request id, and runs it once another instance approves', async () => {
    const sql = "DELETE FROM orders WHERE status = 'refunded' AND id = 2";
    const run = gws.gw.psql(['-c', sql]);
    const request = await gws.reviewerSide.pendingFor(sql);
    expect(request).toMatchObject({ connection: 'prod', identity: { name: AGENT.name }, reviewers: ['dba'], state: 'pending' });
    expect(await statusCounts(gws.gw)).toEqual({ paid: 2, refunded: 2 });
    expect(await gws.other.decide(request.id, reviewer, { kind: 'approve' })).toMatchObject({ ok: true });
    const r = await run;
    expect(r.stderr).toContain(`NOTICE:  airlock: statement held for approval as ${request.id}; reviewers: dba`);
    expect(r.stdout).toBe('DELETE 1\n');
    expect(await statusCounts(gws.gw)).toEqual({ paid: 2, refunded: 1 });
    expect((await gws.gw.auditEvents()).find((e) => e.type === 'statement' && e.data.text === sql)?.data).toMatchObject({
      approval: { id: request.id, decision: 'approved', by: [REVIEWER.name] },
      rows: 1,
    });
    // The holding gateway records what it did (request, outcome); the deciding instance records the decision.
    await expect.poll(async () => (await gws.other.get(request.id))?.state).toBe('executed');
    const transitions = (await gws.gw.auditEvents()).filter((e) => e.type === 'approval' && e.data.id === request.id);
    expect(transitions.map((e) => e.data.to)).toEqual(['pending', 'executed']);
    expect(transitions[0]?.data).toMatchObject({ requester: AGENT.name, text: sql });
  });

  it('refuses a denied statement with the reviewer and reason, and the session stays usable', async () => {
    const sql = "DELETE FROM orders WHERE status = 'paid'";
    const run = gws.gw.psql(['-v', 'VERBOSITY=verbose', '-c', sql, '-c', 'SELECT count(*) FROM orders']);
    const request = await gws.reviewerSide.pendingFor(sql);
    expect(await gws.other.decide(request.id, reviewer, { kind: 'deny', reason: 'not during the audit' })).toMatchObject({ ok: true });
    const r = await run;
    expect(r.stderr).toContain(`ERROR:  42501: airlock: denied by ${REVIEWER.name}: not during the audit (request ${request.id})`);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^\d+$/);
    expect((await statusCounts(gws.gw)).paid).toBe(2);
  });

  it('runs the modified statement instead and says so', async () => {
    const sql = "UPDATE orders SET status = 'void'";
    const changed = "UPDATE orders SET status = 'void' WHERE id = 4";
    const run = gws.gw.psql(['-c', sql]);
    const request = await gws.reviewerSide.pendingFor(sql);
    expect(await gws.other.decide(request.id, reviewer, { kind: 'modify', command: changed, reason: 'only order 4' })).toMatchObject({ ok: true });
    const r = await run;
    expect(r.stderr).toContain(`airlock: ${REVIEWER.name} changed your statement (request ${request.id}): only order 4; ran instead: ${changed}`);
    expect(r.stdout).toBe('UPDATE 1\n');
    expect(await gws.gw.upstream("SELECT id FROM orders WHERE status = 'void'")).toEqual([{ id: 4 }]);
  });

  it('never lets a reviewer modify a statement into one the policy blocks', async () => {
    const sql = "DELETE FROM orders WHERE id = 1";
    const run = gws.gw.psql(['-c', sql]);
    const request = await gws.reviewerSide.pendingFor(sql);
    await gws.other.decide(request.id, reviewer, { kind: 'modify', command: "COPY orders TO PROGRAM 'true'" });
    const r = await run;
    expect(r.stderr).toMatch(/airlock: blocked by policy/);
    expect(await gws.gw.upstream('SELECT id FROM orders WHERE id = 1')).toEqual([{ id: 1 }]);
  });

  it('cancels the request when the agent disconnects while it waits', async () => {
    const sql = 'DELETE FROM orders WHERE id = 3';
    let pid = 0;
    const run = gws.gw.psql(['-c', sql], { onSpawn: (p) => (pid = p) });
    const request = await gws.reviewerSide.pendingFor(sql);
    process.kill(pid, 'SIGKILL');
    await run;
    await expect.poll(async () => (await gws.other.get(request.id))?.state, { timeout: 10_000 }).toBe('cancelled');
    expect(await gws.other.decide(request.id, reviewer, { kind: 'approve' })).toMatchObject({ ok: false });
    expect(await gws.gw.upstream('SELECT id FROM orders WHERE id = 3')).toEqual([{ id: 3 }]);
  });

  it('times out with 57014 when nobody decides', async () => {
    const r = await gws.quick.psql(['-v', 'VERBOSITY=verbose', '-c', 'DELETE FROM orders']);
    expect(r.stderr).toMatch(/ERROR:\s+57014: airlock: approval timed out after 1s \(request apr_\w+\)/);
    expect(await statusCounts(gws.quick)).toEqual({ paid: 2, refunded: 2 });
  });
});

describe('deciding through the gateway\'s review API', () => {
  const api = (path: string, token: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${gws.gw.httpPort}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('lists the held statement for the reviewer, refuses the requester, and runs it on approval', async () => {
    const sql = 'DELETE FROM orders WHERE id = 3';
    const run = gws.gw.psql(['-c', sql]);
    const request = await gws.reviewerSide.pendingFor(sql);
    const listed = (await (await api('/api/reviews', REVIEWER.token)).json()) as Array<{ id: string; command: string }>;
    expect(listed.map((r) => r.id)).toContain(request.id);
    expect((await api(`/api/reviews/${request.id}/approve`, AGENT.token, {})).status).toBe(403);
    const approved = await api(`/api/reviews/${request.id}/approve`, REVIEWER.token, { reason: 'looks right' });
    expect(approved.status).toBe(200);
    expect((await api(`/api/reviews/${request.id}/approve`, REVIEWER.token, {})).status).toBe(409);
    expect((await run).stdout).toBe('DELETE 1\n');
    const transitions = (await gws.gw.auditEvents()).filter((e) => e.type === 'approval' && e.data.id === request.id);
    expect(transitions.find((e) => e.data.to === 'approved')).toMatchObject({ identity: REVIEWER.name });
  });
});

describe('statements that need approval through node-postgres (extended protocol)', () => {
  it('holds a parameterised write and runs it with its parameters once approved', async () => {
    const c = await gws.gw.client();
    try {
      const text = 'DELETE FROM orders WHERE id = $1';
      const pending = c.query(text, [4]);
      const request = await gws.reviewerSide.pendingFor(text);
      await gws.other.decide(request.id, reviewer, { kind: 'approve' });
      expect((await pending).rowCount).toBe(1);
      expect((await c.query('SELECT count(*)::int AS n FROM orders WHERE id = 4')).rows).toEqual([{ n: 0 }]);
    } finally {
      await c.end();
    }
  });
});
