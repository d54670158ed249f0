import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVE_ACTION, DENY_ACTION, DENY_MODAL, MODIFY_ACTION, MODIFY_MODAL, STATEMENT_MODAL, VIEW_STATEMENT_ACTION } from '../../src/bot/slack/ids.js';
import { agentSession, heldId, type AgentSession } from '../approvals-e2e/agent-session.js';
import { expectModifiedToOneRow } from '../approvals-e2e/modify-scenario.js';
import { createDeployment, type Deployment } from '../approvals-e2e/deployment.js';
import { stopAllGateways, type GatewayProcess } from '../approvals-e2e/gateway-process.js';
import { approvalEvents, approvalsReady, decide, getReview } from '../approvals-e2e/review-api.js';
import { blockActions } from '../support/slack/signed-request.js';
import { SlackStandIn } from '../support/slack/slack-standin.js';
import {
  APP_TOKEN,
  APPROVALS,
  AUDIT,
  BOT_TOKEN,
  cardFor,
  DBA,
  LEAD,
  ONCALL,
  REQUESTER,
  SIGNING_SECRET,
  SLACK_USERS,
  SlackDriver,
  STRANGER,
  threadOf,
} from './slack-driver.js';

// Two real `airlock start` processes (A holds the agent, B takes Slack's requests) against the Slack
// stand-in: the real WebClient posts the cards, and signed requests reach Bolt on POST /slack/events.

let standin: SlackStandIn;
let deployment: Deployment;
let a: GatewayProcess;
let b: GatewayProcess;
let slack: SlackDriver;
let agent: AgentSession;
/** Slack takes about one message a second per channel (the stand-in enforces it), so cards and replies may queue. */
const SLACK_BACKLOG_MS = 20_000;
const slackConfig = () => ({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, approvals: APPROVALS, audit: AUDIT, oncall: ONCALL, apiUrl: standin.url });

beforeAll(async () => {
  standin = await SlackStandIn.start({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    users: SLACK_USERS,
    channels: { [APPROVALS]: { name: 'db-approvals' }, [AUDIT]: { name: 'airlock-audit' } },
  });
  deployment = await createDeployment(inject('redisUrl'), {
    channels: { slack: slackConfig() },
    // A token-less reviewer, found by the email on their Slack profile (compared case-insensitively).
    people: [{ name: 'lead@example.com', groups: ['dba'] }],
  });
  [a, b] = await Promise.all([deployment.startGateway('gw-slack-a'), deployment.startGateway('gw-slack-b')]);
  await Promise.all([approvalsReady(a), approvalsReady(b)]);
  slack = new SlackDriver(standin);
  agent = await agentSession(a);
}, 60_000);

afterAll(async () => {
  await agent?.end();
  await stopAllGateways();
  await standin?.close();
});

/** Holds `sql` on A and waits for its card. */
async function held(sql: string, session = agent) {
  const sent = await session.send(sql);
  const id = heldId(sent);
  await expect.poll(() => cardFor(standin, id), { timeout: SLACK_BACKLOG_MS }).toBeDefined();
  return { id, run: 'run' in sent ? sent.run : Promise.reject(new Error('not held')) };
}

const cardText = (id: string) => cardFor(standin, id)?.text;
const hasButtons = (id: string) => JSON.stringify(cardFor(standin, id)?.blocks).includes('"type":"actions"');
const ephemeralsFor = (user: { id: string }) => standin.ephemerals.filter((e) => e.user === user.id).map((e) => e.text);
const modal = (callbackId: string, id: string) =>
  standin.views.filter((v) => v.type === 'modal' && v.view.callback_id === callbackId && String(v.view.private_metadata).startsWith(id)).at(-1)?.view;
const orderIds = async (where: string) => (await deployment.upstream<{ id: number }>(`SELECT id FROM orders WHERE ${where} ORDER BY id`)).map((r) => r.id);

describe('Slack approvals', () => {
  it('posts a card naming the action, target, agent, risk and expiry, with the statement and the buttons', async () => {
    const { id } = await held('DELETE FROM orders WHERE id = 1');
    const card = cardFor(standin, id)!;
    const blocks = JSON.stringify(card.blocks);
    expect(card.text).toBe('Approval needed: DELETE orders on prod: Waiting for approval');
    expect(blocks).toContain('*Agent*\\ndevin (agents)');
    expect(blocks).toContain('*Risk*\\n• DELETE on orders');
    expect(blocks).toMatch(/\*Expires\*\\n<!date\^\d+\^/);
    expect(blocks).toContain('```\\nDELETE FROM orders WHERE id = 1\\n```');
    expect(blocks).toContain('"text":"Approve"');
    expect(blocks).toContain('"text":"Deny"');
    expect(blocks).toContain('"text":"Modify"');
    expect((await decide(a, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('runs the statement held on A when a reviewer approves on the card through B, and repaints the same card', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 2');
    const ts = cardFor(standin, id)!.ts;
    expect((await slack.click(b, DBA, APPROVE_ACTION, id)).status).toBe(200);
    expect((await run).rowCount).toBe(1);
    expect(await orderIds('id = 2')).toEqual([]);
    await expect.poll(() => cardText(id), { timeout: SLACK_BACKLOG_MS }).toBe('Executed: DELETE orders on prod: Approved by dba@example.com, then it ran');
    expect(cardFor(standin, id)!.ts).toBe(ts);
    expect(hasButtons(id)).toBe(false);
    // Two instances deliver notifications, so the decision and the outcome may reach the thread in either order.
    await expect.poll(() => threadOf(standin, cardFor(standin, id)!).map((m) => m.text).sort(), { timeout: SLACK_BACKLOG_MS }).toEqual([
      'Approved by dba@example.com, then it ran. Result: DELETE 1',
      'Approved by dba@example.com.',
    ]);
  });

  it('denies through the modal, which insists on a reason the agent is then told', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 3');
    expect((await slack.click(b, DBA, DENY_ACTION, id)).status).toBe(200);
    await expect.poll(() => modal(DENY_MODAL, id), { timeout: 5000 }).toBeDefined();
    const view = modal(DENY_MODAL, id)!;
    expect(await slack.submit(b, DBA, view, { reason: '  ' })).toMatchObject({ response_action: 'errors', errors: { reason: expect.stringContaining('needs a reason') } });
    expect((await getReview(a, id)).body.state).toBe('pending');
    expect(await slack.submit(b, DBA, view, { reason: 'not during business hours' })).toEqual({});
    await expect(run).rejects.toThrow(`airlock: denied by dba@example.com: not during business hours (request ${id})`);
    expect(await orderIds('id = 3')).toEqual([3]);
    await expect.poll(() => cardText(id), { timeout: SLACK_BACKLOG_MS }).toBe('Denied: DELETE orders on prod: Denied by dba@example.com');
  });

  it('modifies through the modal: the new text is classified and shown as a diff, then runs on a second submit', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id >= 11');
    expect((await slack.click(b, DBA, MODIFY_ACTION, id)).status).toBe(200);
    await expect.poll(() => modal(MODIFY_MODAL, id), { timeout: 5000 }).toBeDefined();
    const first = modal(MODIFY_MODAL, id)!;
    expect(JSON.stringify(first.blocks)).toContain('"initial_value":"DELETE FROM orders WHERE id >= 11"');

    // A replacement the policy blocks is refused in the modal itself.
    expect(await slack.submit(b, DBA, first, { command: "COPY orders TO '/tmp/orders.csv'", reason: '' })).toMatchObject({
      response_action: 'errors',
      errors: { command: expect.stringContaining('Policy blocks this statement') },
    });

    const review = await slack.submit(b, DBA, first, { command: 'DELETE FROM orders WHERE id = 11', reason: 'one row only' });
    expect(review).toMatchObject({ response_action: 'update' });
    const reviewView = review.view as Record<string, unknown>;
    const shown = JSON.stringify(reviewView.blocks);
    expect(shown).toContain('- DELETE FROM orders WHERE id &gt;= 11\\n+ DELETE FROM orders WHERE id = 11');
    expect(shown).toContain('Policy would hold the new statement for review');
    expect((await getReview(a, id)).body.state).toBe('pending');

    expect(await slack.submit(b, DBA, reviewView, { command: 'DELETE FROM orders WHERE id = 11', reason: 'one row only' })).toEqual({});
    await expectModifiedToOneRow(deployment, a, id, run);
  });

  it('cuts a long statement on the card and shows all of it in a modal', async () => {
    const marker = 'x'.repeat(3500);
    const { id } = await held(`DELETE FROM orders WHERE id = 12 AND status <> '${marker}-end'`);
    const card = JSON.stringify(cardFor(standin, id)!.blocks);
    expect(card).toContain('(truncated,');
    expect(card).not.toContain(`${marker}-end`);
    expect((await slack.click(b, DBA, VIEW_STATEMENT_ACTION, id)).status).toBe(200);
    await expect.poll(() => modal(STATEMENT_MODAL, id), { timeout: 5000 }).toBeDefined();
    const sections = (modal(STATEMENT_MODAL, id)!.blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '');
    const shown = sections.map((t) => t.replace(/^```\n|\n```$/g, '')).join('');
    expect(shown).toContain(`&lt;&gt; '${marker}-end'`);
    expect((await decide(a, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it("tells a stranger and the requester they can't review, and decides nothing", async () => {
    const { id } = await held('DELETE FROM orders WHERE id = 4');
    await slack.click(b, STRANGER, APPROVE_ACTION, id);
    await slack.click(b, REQUESTER, APPROVE_ACTION, id);
    await slack.click(b, STRANGER, DENY_ACTION, id);
    await expect.poll(() => ephemeralsFor(STRANGER).length, { timeout: 5000 }).toBe(2);
    expect(ephemeralsFor(STRANGER)).toEqual([
      expect.stringContaining("you can't review Airlock requests: stranger@example.com is not an Airlock identity"),
      expect.stringContaining("you can't review Airlock requests: stranger@example.com is not an Airlock identity"),
    ]);
    await expect.poll(() => ephemeralsFor(REQUESTER), { timeout: 5000 }).toEqual([expect.stringContaining('devin cannot decide their own request')]);
    expect(modal(DENY_MODAL, id)).toBeUndefined();
    expect((await getReview(a, id)).body.state).toBe('pending');
    expect((await decide(a, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('takes exactly one decision from two reviewers clicking at once, and tells the other who won', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 5');
    const before = { dba: ephemeralsFor(DBA).length, lead: ephemeralsFor(LEAD).length };
    await Promise.all([slack.click(b, DBA, APPROVE_ACTION, id), slack.click(a, LEAD, APPROVE_ACTION, id), slack.click(b, DBA, APPROVE_ACTION, id)]);
    expect((await run).rowCount).toBe(1);
    const winner = (await getReview(a, id)).body.closed?.by;
    expect(['dba@example.com', 'lead@example.com']).toContain(winner);
    // The two losing clicks each get one ephemeral naming the winner; the winner's card click gets none.
    await expect
      .poll(() => [...ephemeralsFor(DBA).slice(before.dba), ...ephemeralsFor(LEAD).slice(before.lead)], { timeout: 5000 })
      .toEqual([expect.stringContaining(`was already approved by ${winner}`), expect.stringContaining(`was already approved by ${winner}`)]);
    await expect.poll(async () => (await approvalEvents(a, id)).filter((e) => e.data.to === 'approved').length, { timeout: 5000 }).toBe(1);
  });

  it('refuses forged and stale signatures without deciding', async () => {
    const { id } = await held('DELETE FROM orders WHERE id = 6');
    expect((await slack.click(b, DBA, APPROVE_ACTION, id, { signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    expect((await slack.click(b, DBA, APPROVE_ACTION, id, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect((await getReview(a, id)).body.state).toBe('pending');
    expect((await decide(a, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('shows an expired card and alerts on-call in its thread when nobody decides in time', async () => {
    const fast = await agentSession(a, 'prod-fast');
    try {
      const { id, run } = await held('DELETE FROM orders WHERE id = 7', fast);
      await expect(run).rejects.toThrow(`airlock: approval timed out after 2s (request ${id})`);
      await expect.poll(() => cardText(id), { timeout: SLACK_BACKLOG_MS }).toBe('Expired: DELETE orders on prod-fast: Expired without a decision');
      await expect.poll(() => threadOf(standin, cardFor(standin, id)!).map((m) => m.text), { timeout: SLACK_BACKLOG_MS }).toContainEqual(`${ONCALL} ${id} (devin on prod-fast) expired without a decision; the agent's statement was refused.`);
      expect(hasButtons(id)).toBe(false);
      expect(await orderIds('id = 7')).toEqual([7]);
    } finally {
      await fast.end();
    }
  });

  it('lists what the viewer may decide in /airlock pending and on the Home tab, with working buttons', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 8');
    const reply = await slack.slash(b, DBA, 'pending');
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(reply.blocks)).toContain(id);
    expect(JSON.stringify(reply.blocks)).toContain(`"action_id":"${APPROVE_ACTION}"`);
    expect(JSON.stringify((await slack.slash(b, STRANGER, 'pending')).blocks)).toContain('stranger@example.com is not an Airlock identity');
    expect((await slack.slash(b, DBA, 'bogus')).text).toContain('Usage: `/airlock pending`');

    expect((await slack.homeOpened(b, LEAD)).status).toBe(200);
    const home = () => standin.views.filter((v) => v.type === 'home' && v.user_id === LEAD.id).at(-1)?.view;
    await expect.poll(() => JSON.stringify(home()?.blocks), { timeout: 5000 }).toContain(id);
    expect((await slack.homeClick(b, LEAD, APPROVE_ACTION, id)).status).toBe(200);
    expect((await run).rowCount).toBe(1);
    await expect.poll(() => JSON.stringify(home()?.blocks), { timeout: 5000 }).toContain(`You approved ${id}`);
    expect(JSON.stringify(home()?.blocks)).not.toContain(`"value":"${id}"`);
  });

  it('posts an audit summary to the audit channel when an agent session ends', async () => {
    const session = await agentSession(a);
    await session.query('SELECT count(*) FROM orders');
    const { id, run } = await held('DELETE FROM orders WHERE id = 9', session);
    await decide(a, id, 'approve');
    await run;
    await session.end();
    const summaries = () => standin.messages(AUDIT).map((m) => JSON.stringify(m.blocks));
    await expect.poll(summaries, { timeout: SLACK_BACKLOG_MS }).toContainEqual(expect.stringContaining('2 statements ran (1 approved); 0 denied; 0 expired; 0 refused; 0 masked fields'));
    expect(standin.messages(AUDIT).at(-1)?.text).toMatch(/^Session ended: devin on prod \(postgres\) ended after \d+s: client disconnected$/);
  });

  it('keeps deciding while Slack is down, and posts the card once Slack is back', async () => {
    standin.failNext(6, 'unavailable');
    const sent = await agent.send('DELETE FROM orders WHERE id = 13');
    const id = heldId(sent);
    expect((await decide(b, id, 'approve')).status).toBe(200);
    expect('run' in sent && (await sent.run).rowCount).toBe(1);
    await expect.poll(() => cardText(id), { timeout: SLACK_BACKLOG_MS }).toBe('Executed: DELETE orders on prod: Approved by dba@example.com, then it ran');
    expect(standin.calls.filter((c) => c.error === 'unavailable')).toHaveLength(6);
  });

  it('takes the same clicks over Socket Mode, from a gateway with no public URL', async () => {
    const s = await deployment.startGateway('gw-slack-socket', {
      channels: { slack: { botToken: BOT_TOKEN, appToken: APP_TOKEN, approvals: APPROVALS, apiUrl: standin.url } },
    });
    await standin.socketMode.connected(15_000);
    const { id, run } = await held('DELETE FROM orders WHERE id = 10');
    const card = cardFor(standin, id)!;
    const ack = await standin.socketMode.send('interactive', blockActions({ user: DBA, actionId: APPROVE_ACTION, value: id, channel: APPROVALS, message: card }));
    expect(ack.envelope_id).toBeTruthy();
    expect((await run).rowCount).toBe(1);
    expect((await getReview(s, id)).body.closed).toMatchObject({ as: 'approved', by: 'dba@example.com' });
  });
});
