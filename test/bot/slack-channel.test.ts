import { LogLevel, WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Block } from '../../src/bot/slack/kit.js';
import { SlackChannel } from '../../src/bot/slack/slack-channel.js';
import { buildDigest } from '../../src/audit/digest/daily-digest.js';
import { zonedDay } from '../../src/audit/digest/zoned-day.js';
import type { ApprovalRequest, NotificationKind } from '../../src/core/approval.js';
import { createLogger, silentLogger, type Logger } from '../../src/util/log.js';
import { uniquePrefix } from '../queue/fixture.js';
import { type StandInOptions, SlackStandIn } from '../support/slack/slack-standin.js';
import { inEveryState, now, request } from './fixtures.js';

// The real WebClient against the Slack stand-in, and the run's real Redis for the card references.

const botToken = 'xoxb-airlock-test';
const C = 'C0APPROVALS';
const AUDIT = 'C0AUDIT';
const DIGEST = 'C0DIGEST';
const ONCALL = '<!subteam^S123>';

let redis: Redis;
let standin: SlackStandIn | undefined;
const prefixes: string[] = [];

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});
afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  await redis.quit();
});

/** A fresh stand-in and key prefix; WebClient retries off so the channel's own behaviour shows. */
async function setup(opts: Partial<StandInOptions> = {}, { log = silentLogger, oncall = ONCALL }: { log?: Logger; oncall?: string } = {}) {
  standin = await SlackStandIn.start({ botToken, channels: { [C]: { name: 'approvals' }, [AUDIT]: { name: 'airlock-audit' }, [DIGEST]: { name: 'eng-managers' } }, ...opts });
  const client = new WebClient(botToken, { slackApiUrl: standin.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
  const prefix = uniquePrefix('slack-channel');
  prefixes.push(prefix);
  const channel = new SlackChannel({ client, redis, prefix, approvalsChannel: C, auditChannel: AUDIT, digestChannel: DIGEST, oncall, now: () => now, log });
  const deliver = (kind: NotificationKind, r: ApprovalRequest = request, at = now) => channel.deliver({ kind, at, request: r });
  return { standin, deliver, prefix, channel };
}

const buttonLabels = (blocks: unknown) => (blocks as Block[]).flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.text.text) : []));
const cards = (s: SlackStandIn) => s.messages(C).filter((m) => m.thread_ts === undefined);
const replies = (s: SlackStandIn) => s.messages(C).filter((m) => m.thread_ts !== undefined);

describe('SlackChannel', () => {
  it('posts one card with the review buttons and remembers where it is', async () => {
    const { standin, deliver, prefix } = await setup();
    await deliver('requested');
    const [card, ...more] = cards(standin);
    expect(more).toEqual([]);
    expect(card?.text).toBe('Approval needed: DELETE public.users on prod-db: Waiting for approval');
    expect(buttonLabels(card?.blocks)).toEqual(['Approve', 'Deny', 'Modify']);
    const key = `${prefix}:slack:card:${request.id}`;
    expect(JSON.parse((await redis.get(key)) ?? 'null')).toEqual({ channel: C, ts: card?.ts, shown: now.getTime() });
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });

  it('does not post a second card when the requested delivery is retried', async () => {
    const { standin, deliver } = await setup();
    await deliver('requested');
    await deliver('requested');
    expect(standin.callsTo('chat.postMessage')).toHaveLength(1);
    expect(cards(standin)).toHaveLength(1);
  });

  it('updates the same card on a decision, drops the buttons and names the reviewer in the thread', async () => {
    const { standin, deliver } = await setup();
    await deliver('requested');
    const ts = cards(standin)[0]?.ts;
    await deliver('decided', inEveryState.denied);
    expect(cards(standin)).toMatchObject([{ ts, text: 'Denied: DELETE public.users on prod-db: Denied by bob', edited: {} }]);
    expect(buttonLabels(cards(standin)[0]?.blocks)).toEqual([]);
    expect(replies(standin)).toMatchObject([{ thread_ts: ts, text: 'Denied by bob. Reason: needs a WHERE' }]);
  });

  it('shows a partial approval under a quorum on the card, keeping the buttons and the thread quiet', async () => {
    const { standin, deliver } = await setup();
    const quorum = { ...request, quorum: 2 };
    await deliver('requested', quorum);
    await deliver('decided', { ...quorum, approvals: ['alice'] });
    expect(standin.callsTo('chat.update')).toHaveLength(1);
    expect(cards(standin)[0]?.text).toBe('Approval needed: DELETE public.users on prod-db: Waiting for 1 more approval');
    expect(buttonLabels(cards(standin)[0]?.blocks)).toEqual(['Approve', 'Deny', 'Modify']);
    expect(replies(standin)).toEqual([]);
  });

  it('replies with reminders, and on expiry raises the on-call handle verbatim', async () => {
    const { standin, deliver } = await setup();
    await deliver('requested');
    const ts = cards(standin)[0]?.ts;
    await deliver('reminder');
    await deliver('expired', inEveryState.expired);
    expect(cards(standin)).toMatchObject([{ ts, text: 'Expired: DELETE public.users on prod-db: Expired without a decision' }]);
    expect(replies(standin).map((m) => [m.thread_ts, m.text])).toEqual([
      [ts, expect.stringMatching(/^Reminder: apr_abcdefghij .* expires in 4 min\.$/)],
      [ts, 'Expired without a decision.'],
      [ts, `${ONCALL} apr_abcdefghij (devin on prod-db) expired without a decision; the agent's statement was refused.`],
    ]);
  });

  it('posts a fresh card when a later notification finds none, then replies under it', async () => {
    const { standin, deliver } = await setup();
    await deliver('decided', inEveryState.approved);
    const [card] = cards(standin);
    expect(card?.text).toBe('Approved: DELETE public.users on prod-db: Approved by alice');
    expect(buttonLabels(card?.blocks)).toEqual([]);
    expect(replies(standin)).toMatchObject([{ thread_ts: card?.ts, text: 'Approved by alice.' }]);
    await deliver('executed', inEveryState.executed);
    expect(cards(standin)).toHaveLength(1);
  });

  it('throws on a 429 so the notify queue retries, and the retry posts exactly one card', async () => {
    const { standin, deliver } = await setup({ limits: { 'chat.postMessage': { perSecond: 1, burst: 1 } } });
    const other = { ...request, id: 'apr_klmnopqrst' };
    await deliver('requested', other);
    await expect(deliver('requested')).rejects.toThrow(/rate limit/);
    expect(standin.callsTo('chat.postMessage').map((c) => c.status)).toEqual([200, 429]);
    await new Promise((r) => setTimeout(r, 1000));
    await deliver('requested');
    expect(cards(standin)).toHaveLength(2);
  });

  it('escapes a hostile statement so it can neither mention nor link', async () => {
    const { standin, deliver } = await setup();
    await deliver('requested', { ...request, command: 'DELETE FROM t -- <!channel> <https://evil.example|log in> ```*x*```' });
    const rendered = JSON.stringify(cards(standin)[0]?.blocks);
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil.example');
    expect(rendered).toContain('&lt;!channel&gt; &lt;https://evil.example|log in&gt;');
  });

  it('logs and drops a message Slack refuses for good instead of retrying it forever', async () => {
    const lines: string[] = [];
    // The card always fits (blocks.ts shortens agent text); an absurd operator mention is what overflows.
    const { standin, deliver } = await setup({}, { log: createLogger({}, { write: (line) => lines.push(line) }), oncall: `<!subteam^${'S'.repeat(45_000)}>` });
    await deliver('requested');
    await expect(deliver('expired', inEveryState.expired)).resolves.toBeUndefined();
    expect(standin.callsTo('chat.postMessage').map((c) => c.error)).toEqual([undefined, undefined, 'msg_too_long']);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toMatchObject([{ level: 'error', id: request.id, kind: 'expired', error: 'msg_too_long' }]);
  });
  it('keeps the newer state on the card when an older notification arrives late, and still threads its outcome', async () => {
    const { standin, deliver } = await setup();
    const later = (s: number) => new Date(now.getTime() + s * 1000);
    await deliver('requested');
    await deliver('executed', inEveryState.executed, later(2));
    await deliver('decided', inEveryState.approved, later(1));
    expect(cards(standin)).toHaveLength(1);
    expect(cards(standin)[0]?.text).toBe('Executed: DELETE public.users on prod-db: Approved by alice, then it ran');
    expect(standin.callsTo('chat.update')).toHaveLength(1);
    expect(replies(standin).map((m) => m.text)).toEqual(['Approved by alice, then it ran. Result: DELETE 1204', 'Approved by alice.']);
  });

  it('posts the card again, with the new state, when someone deleted it in Slack', async () => {
    const { standin, deliver, prefix } = await setup();
    await deliver('requested');
    const first = cards(standin)[0]!;
    standin.deleteMessage(C, first.ts);
    await deliver('decided', inEveryState.denied);
    const [again, ...more] = cards(standin);
    expect(more).toEqual([]);
    expect(again?.ts).not.toBe(first.ts);
    expect(again?.text).toBe('Denied: DELETE public.users on prod-db: Denied by bob');
    expect(replies(standin).map((m) => [m.thread_ts, m.text])).toEqual([[again?.ts, 'Denied by bob. Reason: needs a WHERE']]);
    expect(JSON.parse((await redis.get(`${prefix}:slack:card:${request.id}`)) ?? 'null')).toMatchObject({ ts: again?.ts });
  });

  it('posts one card when two instances deliver the first notifications of a request at once; the other retries', async () => {
    const { standin, deliver, prefix } = await setup();
    const client = new WebClient(botToken, { slackApiUrl: standin.url, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    const other = new SlackChannel({ client, redis, prefix, approvalsChannel: C, now: () => now, log: silentLogger });
    const results = await Promise.allSettled([deliver('decided', inEveryState.approved), other.deliver({ kind: 'executed', at: now, request: inEveryState.executed })]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(cards(standin)).toHaveLength(1);
  });

  it('does not repeat a thread reply when a delivery is retried after it was posted', async () => {
    const { standin, deliver } = await setup();
    await deliver('requested');
    await deliver('decided', inEveryState.denied);
    await deliver('decided', inEveryState.denied);
    expect(replies(standin).map((m) => m.text)).toEqual(['Denied by bob. Reason: needs a WHERE']);
  });

  it('posts the daily digest to the digest channel, with a broken chain called out', async () => {
    const { standin, channel } = await setup();
    const digest = buildDigest([], zonedDay('2030-01-01', 'UTC'), { ok: false, count: 5, broken: { chain: 'gw-1', seq: 3, reason: 'hash mismatch' } });
    await channel.deliver({ kind: 'digest', at: now, digest });
    const [posted, ...more] = standin.messages(DIGEST);
    expect(more).toEqual([]);
    expect(posted?.text).toBe('Airlock digest for 2030-01-01 (UTC): 0 statements ran, 0 held for review');
    expect(JSON.stringify(posted?.blocks)).toContain('audit chain broken* at gw-1 seq 3');
    expect(standin.messages(C)).toEqual([]);
  });

  it('posts a session summary to the audit channel, escaped', async () => {
    const { standin, channel } = await setup();
    const summary = {
      sessionId: 'ses_1',
      identity: 'devin <!channel>',
      connection: 'prod-db',
      protocol: 'postgres' as const,
      gateway: 'gw-1',
      startedAt: new Date(now.getTime() - 130_000),
      endedAt: now,
      reason: 'client disconnected',
      counts: { ran: 12, approved: 3, modified: 1, denied: 1, expired: 0, refused: 2, maskedFields: 5 },
      masked: { EMAIL: 3, 'public.users.ssn': 2 },
      riskiest: { text: 'DELETE FROM users <!here>', action: 'review' as const, reasons: ['DELETE without WHERE on users'] },
    };
    await channel.deliver({ kind: 'session-ended', at: now, summary });
    const [posted, ...more] = standin.messages(AUDIT);
    expect(more).toEqual([]);
    expect(posted?.text).toBe('Session ended: devin &lt;!channel&gt; on prod-db (postgres) ended after 2m 10s: client disconnected');
    expect(JSON.stringify(posted?.blocks)).toContain('12 statements ran (3 approved, 1 modified); 1 denied; 0 expired; 2 refused; 5 masked fields (EMAIL 3, public.users.ssn 2)');
    expect(JSON.stringify(posted?.blocks)).toContain('Riskiest (review — DELETE without WHERE on users): DELETE FROM users &lt;!here&gt;');
    expect(standin.messages(C)).toEqual([]);
  });
});
