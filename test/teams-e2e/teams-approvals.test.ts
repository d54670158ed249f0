import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVE_VERB, DENY_VERB, MODIFY_VERB, RUN_MODIFIED_VERB } from '../../src/bot/teams/verbs.js';
import { agentSession, heldId, type AgentSession } from '../approvals-e2e/agent-session.js';
import { expectModifiedToOneRow } from '../approvals-e2e/modify-scenario.js';
import { AUDITOR, createDeployment, type Deployment } from '../approvals-e2e/deployment.js';
import { stopAllGateways, type GatewayProcess } from '../approvals-e2e/gateway-process.js';
import { approvalEvents, approvalsReady, decide, getReview } from '../approvals-e2e/review-api.js';
import { type Posted, TeamsStandIn, type TeamsUser } from '../support/teams/teams-standin.js';

// Two real `airlock start` processes (A holds the agent, B takes Teams' card actions) against the
// Teams stand-in: the Agents SDK and MSAL post and update the cards over TLS, and signed invokes
// reach the SDK's JWT check on POST /api/messages.

const APP = { appId: randomUUID(), appPassword: `secret-${randomBytes(8).toString('hex')}`, tenantId: randomUUID() };
const APPROVALS = '19:approvals0123@thread.tacv2';
const AUDIT = '19:audit0123@thread.tacv2';
const DIGEST = '19:digest0123@thread.tacv2';
const ONCALL = { id: 'tag-oncall-01', name: 'DB on-call', type: 'tag' };
const user = (name: string, upn: string): TeamsUser => ({ id: `29:${name}`, aadObjectId: randomUUID(), upn, name });
const DBA = user('dana', 'dba@example.com');
const LEAD = user('lee', 'Lead@Example.com');
const STRANGER = user('sam', 'stranger@example.com');
const REQUESTER = user('devin', 'devin');
/** Teams takes a few messages a second per conversation (the stand-in enforces it), so cards may queue. */
const BACKLOG_MS = 20_000;

let standin: TeamsStandIn;
let deployment: Deployment;
let a: GatewayProcess;
let b: GatewayProcess;
let agent: AgentSession;

type Json = Record<string, unknown>;
const cardOf = (p: Posted) => (p.activity.attachments as { content: Json }[])[0]!.content;
const cardFor = (id: string) => standin.posts(APPROVALS).find((p) => JSON.stringify(cardOf(p)).includes(id));
/** Every TextRun and TextBlock text on a card, in order. */
function texts(card: Json): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const o = v as Json;
      if ((o.type === 'TextRun' || o.type === 'TextBlock') && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
const title = (id: string) => {
  const post = cardFor(id);
  return post && texts(cardOf(post)).find((t) => / on prod/.test(t));
};
const actionsOf = (card: Json) => (card.actions as Json[] | undefined) ?? [];
const repliesTo = (id: string) => standin.replies(cardFor(id)!).map((r) => texts(cardOf(r)).join(' '));
const orderIds = async (where: string) => (await deployment.upstream<{ id: number }>(`SELECT id FROM orders WHERE ${where} ORDER BY id`)).map((r) => r.id);

/** A reviewer pressing a card button in Teams; resolves with the card Teams would show them. */
async function press(gw: GatewayProcess, who: TeamsUser, id: string, verb: string, inputs: Json = {}) {
  const answer = await standin.invoke(gw.url, who, cardFor(id)!, verb, { requestId: id, ...inputs });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  return answer.body.value as Json;
}

async function held(sql: string, session = agent) {
  const sent = await session.send(sql);
  const id = heldId(sent);
  await expect.poll(() => cardFor(id), { timeout: BACKLOG_MS }).toBeDefined();
  return { id, run: 'run' in sent ? sent.run : Promise.reject(new Error('not held')) };
}

beforeAll(async () => {
  standin = await TeamsStandIn.start({ ...APP, conversations: [APPROVALS, AUDIT, DIGEST], users: [DBA, LEAD, STRANGER, REQUESTER] });
  deployment = await createDeployment(inject('redisUrl'), {
    channels: { teams: { ...APP, approvals: APPROVALS, audit: AUDIT, digest: DIGEST, oncall: ONCALL, serviceUrl: standin.serviceUrl, authority: standin.url } },
    people: [{ name: 'lead@example.com', groups: ['dba'] }],
    env: { NODE_EXTRA_CA_CERTS: standin.caFile },
  });
  [a, b] = await Promise.all([deployment.startGateway('gw-teams-a'), deployment.startGateway('gw-teams-b')]);
  await Promise.all([approvalsReady(a), approvalsReady(b)]);
  agent = await agentSession(a);
}, 60_000);

afterAll(async () => {
  await agent?.end();
  await stopAllGateways();
  await standin?.close();
});

describe('Teams approvals', () => {
  it('posts an Adaptive Card 1.5 with the facts, the statement in monospace and the three actions', async () => {
    const { id } = await held('DELETE FROM orders WHERE id = 1');
    const card = cardOf(cardFor(id)!);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(texts(card)).toEqual(expect.arrayContaining(['Approval needed: DELETE orders on prod', 'Agent: ', 'devin (agents)', 'Waiting for approval']));
    expect(JSON.stringify(card)).toContain('{"type":"TextRun","text":"DELETE FROM orders WHERE id = 1","fontType":"Monospace"}');
    expect(JSON.stringify(card)).toMatch(/\*\*Expires:\*\* \{\{DATE\(\d{4}-\d\d-\d\dT[\d:]+Z, SHORT\)\}\}/);
    const actions = actionsOf(card);
    expect(actions.map((x) => x.title)).toEqual(['Approve', 'Deny…', 'Modify…']);
    expect(actions[0]).toMatchObject({ type: 'Action.Execute', verb: APPROVE_VERB, data: { requestId: id } });
    expect(JSON.stringify(actions[1])).toContain('"id":"denyReason"');
    expect(JSON.stringify(actions[1])).toContain('"isRequired":true');
    expect(JSON.stringify(actions[2])).toContain('"value":"DELETE FROM orders WHERE id = 1"');
    expect((await decide(a, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('runs the statement held on A when a reviewer approves through B, answers with the new card and repaints the posted one', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 2');
    const answer = await press(b, DBA, id, APPROVE_VERB);
    expect(texts(answer)[0]).toBe(`You approved ${id}.`);
    expect((await run).rowCount).toBe(1);
    expect(await orderIds('id = 2')).toEqual([]);
    await expect.poll(() => title(id), { timeout: BACKLOG_MS }).toBe('Executed: DELETE orders on prod');
    expect(cardFor(id)!.updates).toBeGreaterThan(0);
    expect(actionsOf(cardOf(cardFor(id)!))).toEqual([]);
    await expect.poll(() => repliesTo(id).sort(), { timeout: BACKLOG_MS }).toEqual(['Approved by dba@example.com, then it ran. Result: DELETE 1', 'Approved by dba@example.com.']);
  });

  it('denies only with a reason, which the agent is then told', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 3');
    expect(texts(await press(b, DBA, id, DENY_VERB, { denyReason: '  ' }))[0]).toBe('A denial needs a reason; the agent is told it.');
    expect((await getReview(a, id)).body.state).toBe('pending');
    expect(texts(await press(b, DBA, id, DENY_VERB, { denyReason: 'not during business hours' }))[0]).toBe(`You denied ${id}.`);
    await expect(run).rejects.toThrow(`airlock: denied by dba@example.com: not during business hours (request ${id})`);
    expect(await orderIds('id = 3')).toEqual([3]);
    await expect.poll(() => title(id), { timeout: BACKLOG_MS }).toBe('Denied: DELETE orders on prod');
  });

  it('modifies in two steps: the replacement is classified and shown as a diff, then runs', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id >= 11');
    const blocked = await press(b, DBA, id, MODIFY_VERB, { command: "COPY orders TO '/tmp/orders.csv'", modifyReason: '' });
    expect(texts(blocked)[0]).toContain('Policy blocks this statement');
    const review = await press(b, DBA, id, MODIFY_VERB, { command: 'DELETE FROM orders WHERE id = 11', modifyReason: 'one row only' });
    expect(texts(review)).toContain('- DELETE FROM orders WHERE id >= 11\n+ DELETE FROM orders WHERE id = 11');
    expect(texts(review)).toContain('Policy would hold the new statement for review; your modification approves it.');
    const runModified = actionsOf(review).find((x) => x.verb === RUN_MODIFIED_VERB)!;
    expect(runModified).toMatchObject({ title: 'Run modified', data: { requestId: id, command: 'DELETE FROM orders WHERE id = 11', modifyReason: 'one row only' } });
    expect((await getReview(a, id)).body.state).toBe('pending');

    // A text edited after the check is checked again rather than run.
    const { checked } = runModified.data as { checked: string };
    expect(texts(await press(b, DBA, id, RUN_MODIFIED_VERB, { command: 'DELETE FROM orders', modifyReason: '', checked }))).toContain('- DELETE FROM orders WHERE id >= 11\n+ DELETE FROM orders');
    expect((await getReview(a, id)).body.state).toBe('pending');

    expect(texts(await press(b, DBA, id, RUN_MODIFIED_VERB, runModified.data as Json))[0]).toBe(`You modified ${id}.`);
    await expectModifiedToOneRow(deployment, a, id, run);
  });

  it("tells a stranger and the requester they can't review, and decides nothing", async () => {
    const { id } = await held('DELETE FROM orders WHERE id = 4');
    expect(texts(await press(b, STRANGER, id, APPROVE_VERB))[0]).toBe("you can't review Airlock requests: stranger@example.com is not an Airlock identity; ask an Airlock admin to add it to identity.people");
    expect(texts(await press(b, REQUESTER, id, APPROVE_VERB))[0]).toContain('devin cannot decide their own request');
    expect((await getReview(a, id)).body.state).toBe('pending');
    expect((await decide(a, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('takes exactly one decision from two reviewers pressing at once, and tells the others who won', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 5');
    const answers = await Promise.all([press(b, DBA, id, APPROVE_VERB), press(a, LEAD, id, APPROVE_VERB), press(b, DBA, id, APPROVE_VERB)]);
    expect((await run).rowCount).toBe(1);
    const winner = (await getReview(a, id)).body.closed?.by;
    const said = answers.map((c) => texts(c)[0]);
    expect(said.filter((t) => t === `You approved ${id}.`)).toHaveLength(1);
    expect(said.filter((t) => t?.startsWith(`Nothing changed: ${id} was already approved by ${winner} at `))).toHaveLength(2);
    await expect.poll(async () => (await approvalEvents(a, id)).filter((e) => e.data.to === 'approved').length, { timeout: 5000 }).toBe(1);
  });

  it('refuses card actions whose token does not hold, or that come from another tenant, without deciding', async () => {
    const { id } = await held('DELETE FROM orders WHERE id = 6');
    const post = cardFor(id)!;
    const data = { requestId: id };
    expect((await standin.invoke(b.url, DBA, post, APPROVE_VERB, data, { rogueKey: true })).status).toBe(401);
    expect((await standin.invoke(b.url, DBA, post, APPROVE_VERB, data, { audience: randomUUID() })).status).toBe(401);
    expect((await standin.invoke(b.url, DBA, post, APPROVE_VERB, data, { expired: true })).status).toBe(401);
    const foreign = await standin.invoke(b.url, DBA, post, APPROVE_VERB, data, { tenantId: randomUUID() });
    expect(texts(foreign.body.value as Json)).toEqual(['This Airlock gateway serves another Microsoft 365 tenant.']);
    const bare = await fetch(`${b.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"invoke"}' });
    expect(bare.status).toBe(401);
    expect((await getReview(a, id)).body.state).toBe('pending');
    expect((await decide(a, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('shows an expired card and @mentions on-call in the channel when nobody decides in time', async () => {
    const fast = await agentSession(a, 'prod-fast');
    try {
      const { id, run } = await held('DELETE FROM orders WHERE id = 7', fast);
      await expect(run).rejects.toThrow(`airlock: approval timed out after 2s (request ${id})`);
      await expect.poll(() => title(id), { timeout: BACKLOG_MS }).toBe('Expired: DELETE orders on prod-fast');
      const alert = () => standin.replies(cardFor(id)!).find((r) => JSON.stringify(r.activity).includes('expired without a decision;'));
      await expect.poll(alert, { timeout: BACKLOG_MS }).toBeDefined();
      const card = cardOf(alert()!);
      expect(texts(card)).toEqual(['<at>DB on-call</at>', `${id} (devin on prod-fast) expired without a decision; the agent's statement was refused.`]);
      expect(card.msteams).toMatchObject({ entities: [{ type: 'mention', text: '<at>DB on-call</at>', mentioned: { id: ONCALL.id, name: ONCALL.name, type: 'tag' } }] });
      expect(actionsOf(cardOf(cardFor(id)!))).toEqual([]);
      expect(await orderIds('id = 7')).toEqual([7]);
    } finally {
      await fast.end();
    }
  });

  it('waits out a 429 by its Retry-After and posts the card, while decisions go on', async () => {
    standin.throttleNext(1, 2);
    const sent = await agent.send('DELETE FROM orders WHERE id = 8');
    const id = heldId(sent);
    await expect.poll(() => cardFor(id), { timeout: BACKLOG_MS }).toBeDefined();
    expect(standin.refusals.filter((r) => r.status === 429 && r.why === 'throttled by the test')).toHaveLength(1);
    expect((await decide(b, id, 'approve')).status).toBe(200);
    expect('run' in sent && (await sent.run).rowCount).toBe(1);
    await expect.poll(() => title(id), { timeout: BACKLOG_MS }).toBe('Executed: DELETE orders on prod');
  });

  it('posts an audit summary to the audit channel when an agent session ends', async () => {
    const session = await agentSession(a);
    await session.query('SELECT count(*) FROM orders');
    const { id, run } = await held('DELETE FROM orders WHERE id = 9', session);
    await decide(a, id, 'approve');
    await run;
    await session.end();
    const summaries = () => standin.posts(AUDIT).map((p) => texts(cardOf(p)));
    await expect.poll(summaries, { timeout: BACKLOG_MS }).toContainEqual(expect.arrayContaining(['Session ended', '2 statements ran (1 approved); 0 denied; 0 expired; 0 refused; 0 masked fields']));
  });

  it('posts the card again when someone deleted it in Teams', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 10');
    standin.remove(cardFor(id)!);
    expect((await decide(b, id, 'approve')).status).toBe(200);
    expect((await run).rowCount).toBe(1);
    await expect.poll(() => title(id), { timeout: BACKLOG_MS }).toBe('Executed: DELETE orders on prod');
  });

  it("posts the day's digest to the digest channel", async () => {
    const res = await fetch(`${a.url}/api/audit/digest/post?tz=UTC`, { method: 'POST', headers: { authorization: `Bearer ${AUDITOR.token}` } });
    expect(res.status).toBe(202);
    const date = ((await res.json()) as { day: { date: string } }).day.date;
    await expect.poll(() => standin.posts(DIGEST).map((p) => texts(cardOf(p))[0]), { timeout: BACKLOG_MS }).toContain(`Airlock digest for ${date} (UTC)`);
  });

  it('never puts the bot secret or a token in what it posts', () => {
    const everything = JSON.stringify(standin.posted);
    expect(everything).not.toContain(APP.appPassword);
    expect(everything).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    expect(standin.refusals.filter((r) => r.status === 400 || r.status === 413)).toEqual([]);
  });
});
