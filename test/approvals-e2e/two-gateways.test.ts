import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { AGENT, REVIEWER, agentPsql, createDeployment, type Deployment } from './deployment.js';
import { stopAllGateways, type GatewayProcess } from './gateway-process.js';
import { approvalEvents, approvalsReady, decide, getReview, pendingFor } from './review-api.js';

/** Two `airlock start` processes on one Redis: statements are held on A and decided through B. */
let deployment: Deployment;
let a: GatewayProcess;
let b: GatewayProcess;
const ids: Record<'approved' | 'modified' | 'denied', string> = { approved: '', modified: '', denied: '' };

beforeAll(async () => {
  deployment = await createDeployment(inject('redisUrl'));
  [a, b] = await Promise.all([deployment.startGateway('gw-e2e-a'), deployment.startGateway('gw-e2e-b')]);
  await Promise.all([approvalsReady(a), approvalsReady(b)]);
});
afterAll(stopAllGateways);

const reviewerCli = (args: string[]) => runCli(['review', ...args], { env: { AIRLOCK_URL: b.url, AIRLOCK_TOKEN: REVIEWER.token } });
const orderIds = async (where: string) => (await deployment.upstream<{ id: number }>(`SELECT id FROM orders WHERE ${where} ORDER BY id`)).map((r) => r.id);

describe('two gateway processes sharing one Redis', () => {
  it('runs a DELETE held on A once it is approved through B’s HTTP API', async () => {
    const sql = 'DELETE FROM orders WHERE id = 1';
    const run = agentPsql(a, ['-c', sql]);
    const request = await pendingFor(b, sql);
    expect(request).toMatchObject({ connection: 'prod', identity: AGENT.name, state: 'pending' });
    expect(await orderIds('id = 1')).toEqual([1]);

    expect(await decide(b, request.id, 'approve')).toMatchObject({ status: 200, body: { state: 'approved' } });
    const r = await run;
    expect(r.stderr).toContain(`statement held for approval as ${request.id}`);
    expect(r.stdout).toBe('DELETE 1\n');
    expect(await orderIds('id = 1')).toEqual([]);
    await expect.poll(async () => (await getReview(b, request.id)).body.state, { timeout: 10_000 }).toBe('executed');
    ids.approved = request.id;
  });

  it('runs the replacement when a reviewer modifies it with `airlock review modify` against B', async () => {
    const sql = "UPDATE orders SET status = 'void'";
    const changed = "UPDATE orders SET status = 'void' WHERE id = 2";
    const run = agentPsql(a, ['-c', sql]);
    const request = await pendingFor(b, sql);
    const cli = await reviewerCli(['modify', request.id, '--command', changed, '--reason', 'only order 2']);
    expect(cli).toMatchObject({ code: 0, stdout: expect.stringContaining(`modified ${request.id}`) });
    const r = await run;
    expect(r.stderr).toContain(`${REVIEWER.name} changed your statement (request ${request.id}): only order 2; ran instead: ${changed}`);
    expect(r.stdout).toBe('UPDATE 1\n');
    expect(await orderIds("status = 'void'")).toEqual([2]);
    ids.modified = request.id;
  });

  it('refuses a statement denied with `airlock review deny` against B, with the reason', async () => {
    const sql = 'DELETE FROM orders WHERE id = 3';
    const run = agentPsql(a, ['-c', sql]);
    const request = await pendingFor(b, sql);
    expect(await reviewerCli(['deny', request.id, '--reason', 'not during the audit'])).toMatchObject({ code: 0 });
    const r = await run;
    expect(r.stderr).toContain(`denied by ${REVIEWER.name}: not during the audit (request ${request.id})`);
    expect(await orderIds('id = 3')).toEqual([3]);
    ids.denied = request.id;
  });

  it('records every state change as an approval event: who, when, the reason, old and new text', async () => {
    // The holder (A) records the request and the outcome, the decider (B) the decision; one export shows both chains, in time order.
    const at = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);
    await expect.poll(async () => (await approvalEvents(a, ids.approved)).map((e) => [e.chain, e.data.to]), { timeout: 10_000 }).toEqual([
      [a.id, 'pending'],
      [b.id, 'approved'],
      [a.id, 'executed'],
    ]);
    const approved = await approvalEvents(b, ids.approved);
    expect(approved[0]).toMatchObject({ at, identity: AGENT.name, data: { from: null, requester: AGENT.name, text: 'DELETE FROM orders WHERE id = 1' } });
    expect(approved[1]).toMatchObject({ at, identity: REVIEWER.name, data: { from: 'pending', to: 'approved' } });

    const modified = (await approvalEvents(a, ids.modified)).find((e) => e.data.to === 'modified');
    expect(modified).toMatchObject({
      at,
      chain: b.id,
      identity: REVIEWER.name,
      data: { reason: 'only order 2', command: { before: "UPDATE orders SET status = 'void'", after: "UPDATE orders SET status = 'void' WHERE id = 2" } },
    });
    const denied = (await approvalEvents(a, ids.denied)).find((e) => e.data.to === 'denied');
    expect(denied).toMatchObject({ at, chain: b.id, identity: REVIEWER.name, data: { reason: 'not during the audit' } });
  });

  it('still runs an approved statement when the deciding gateway is killed right after its 200', async () => {
    const sql = 'DELETE FROM orders WHERE id = 4';
    const run = agentPsql(a, ['-c', sql]);
    const request = await pendingFor(b, sql);
    expect((await decide(b, request.id, 'approve')).status).toBe(200);
    await b.kill();
    expect((await run).stdout).toBe('DELETE 1\n');
    expect(await orderIds('id = 4')).toEqual([]);
    // The decision was answered, so it is in the audit trail although its gateway died at once.
    await expect.poll(async () => (await approvalEvents(a, request.id)).map((e) => e.data.to), { timeout: 10_000 }).toContain('approved');
  });
});
