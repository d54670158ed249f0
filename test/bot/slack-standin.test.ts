import { ErrorCode, LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { type StandInOptions, SlackStandIn } from '../support/slack/slack-standin.js';

// The real @slack/web-api WebClient talks to the stand-in, so what passes here is what the
// SDK actually sends and how it actually reacts to Slack's answers.

const botToken = 'xoxb-airlock-test';
const users = { U0ALICE: { email: 'alice@example.com', name: 'alice' } };
const C = 'C0APPROVALS';
// Small retry budget so outage tests finish fast; 429s still wait Retry-After inside WebClient.
const quickRetries: WebClientOptions['retryConfig'] = { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 10 };

let standin: SlackStandIn | undefined;
afterEach(async () => {
  await standin?.close();
  standin = undefined;
});

async function setup(opts: Partial<StandInOptions> = {}, client: WebClientOptions = {}, token: string | undefined = botToken) {
  standin = await SlackStandIn.start({ botToken, users, ...opts });
  const web = new WebClient(token, { slackApiUrl: standin.url, retryConfig: quickRetries, logLevel: LogLevel.ERROR, ...client });
  return { standin, web };
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const slackError = (error: string) => ({ code: ErrorCode.PlatformError, data: { ok: false, error } });

describe('Slack stand-in with the real WebClient', () => {
  it('answers auth.test with the bot identity', async () => {
    const { web } = await setup();
    await expect(web.auth.test()).resolves.toMatchObject({ ok: true, user_id: 'U0AIRBOT', bot_id: 'B0AIRBOT', team_id: 'T0AIRLOCK' });
  });

  it('posts a message, then updates it by ts', async () => {
    const { standin, web } = await setup();
    const posted = await web.chat.postMessage({ channel: C, text: 'approve?', blocks: [section('*UPDATE users*')] });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(standin.callsTo('chat.postMessage')[0]?.args.blocks).toEqual([section('*UPDATE users*')]); // blocks arrived JSON-encoded in a form field

    await web.chat.update({ channel: C, ts: posted.ts as string, text: 'approved by alice', blocks: [section('approved')] });
    expect(standin.messages(C)).toMatchObject([{ ts: posted.ts, text: 'approved by alice', blocks: [section('approved')], edited: { user: 'U0AIRBOT' } }]);

    await expect(web.chat.update({ channel: C, ts: '1700000000.000001', text: 'x' })).rejects.toMatchObject(slackError('message_not_found'));
  });

  it('gives each message its own increasing ts and threads replies', async () => {
    const { standin, web } = await setup();
    const parent = await web.chat.postMessage({ channel: C, text: 'parent' });
    const reply = await web.chat.postMessage({ channel: C, text: 'reply', thread_ts: parent.ts as string });
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
    expect(standin.messages(C).map((m) => [m.text, m.thread_ts])).toEqual([['parent', undefined], ['reply', parent.ts]]);
    await expect(web.chat.postMessage({ channel: C, text: 'x', thread_ts: '1.000002' })).rejects.toMatchObject(slackError('thread_not_found'));
  });

  it('posts an ephemeral message to one user', async () => {
    const { standin, web } = await setup();
    const res = await web.chat.postEphemeral({ channel: C, user: 'U0ALICE', text: 'only you can see this' });
    expect(standin.ephemerals).toEqual([{ channel: C, user: 'U0ALICE', text: 'only you can see this', message_ts: res.message_ts }]);
    await expect(web.chat.postEphemeral({ channel: C, user: 'U0NOBODY', text: 'x' })).rejects.toMatchObject(slackError('user_not_in_channel'));
  });

  it('looks up a user email with users.info', async () => {
    const { web } = await setup();
    const res = await web.users.info({ user: 'U0ALICE' });
    expect(res.user?.profile?.email).toBe('alice@example.com');
    await expect(web.users.info({ user: 'U0NOBODY' })).rejects.toMatchObject(slackError('user_not_found'));
  });

  it('refuses a wrong token with invalid_auth and a missing one with not_authed', async () => {
    const wrong = await setup({}, {}, 'xoxb-wrong');
    await expect(wrong.web.chat.postMessage({ channel: C, text: 'x' })).rejects.toMatchObject(slackError('invalid_auth'));
    const none = new WebClient(undefined, { slackApiUrl: wrong.standin.url, logLevel: LogLevel.ERROR });
    await expect(none.auth.test()).rejects.toMatchObject(slackError('not_authed'));
    expect(wrong.standin.messages(C)).toEqual([]);
  });

  it('enforces Block Kit limits on messages', async () => {
    const { standin, web } = await setup({ limits: { 'chat.postMessage': { perSecond: 100, burst: 100 } } });
    const blocks = (n: number) => Array.from({ length: n }, (_, i) => section(`line ${i}`));
    await expect(web.chat.postMessage({ channel: C, text: 'ok', blocks: blocks(50) })).resolves.toMatchObject({ ok: true });
    await expect(web.chat.postMessage({ channel: C, text: 'x', blocks: blocks(51) })).rejects.toMatchObject(slackError('invalid_blocks'));
    await expect(web.chat.postMessage({ channel: C, text: 'x', blocks: [section('a'.repeat(3000))] })).resolves.toMatchObject({ ok: true });
    await expect(web.chat.postMessage({ channel: C, text: 'x', blocks: [section('a'.repeat(3001))] })).rejects.toMatchObject(slackError('invalid_blocks'));
    const button = (text: string, value: string) => ({ type: 'actions', elements: [{ type: 'button', action_id: 'airlock_approve', text: { type: 'plain_text', text }, value }] });
    await expect(web.chat.postMessage({ channel: C, text: 'x', blocks: [button('b'.repeat(76), 'v')] })).rejects.toMatchObject(slackError('invalid_blocks'));
    await expect(web.chat.postMessage({ channel: C, text: 'x', blocks: [button('Approve', 'v'.repeat(2001))] })).rejects.toMatchObject(slackError('invalid_blocks'));
    await expect(web.chat.postMessage({ channel: C, text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })).rejects.toMatchObject(slackError('invalid_blocks'));
    await expect(web.chat.postMessage({ channel: C, text: 't'.repeat(40_001) })).rejects.toMatchObject(slackError('msg_too_long'));
    expect(standin.messages(C)).toHaveLength(2);
  });

  it('opens a modal only with a fresh trigger_id and a title of at most 24 characters', async () => {
    const { standin, web } = await setup();
    const view = (title: string) => ({ type: 'modal' as const, title: { type: 'plain_text' as const, text: title }, blocks: [] });
    await expect(web.views.open({ trigger_id: standin.issueTrigger(), view: view('Modify statement') })).resolves.toMatchObject({ ok: true, view: { id: expect.stringMatching(/^V/) } });
    await expect(web.views.open({ trigger_id: standin.issueTrigger(), view: view('t'.repeat(25)) })).rejects.toMatchObject(slackError('invalid_arguments'));
    await expect(web.views.open({ trigger_id: '1.2.unknown', view: view('x') })).rejects.toMatchObject(slackError('invalid_trigger_id'));
    await expect(web.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [section('pending: 0')] } })).resolves.toMatchObject({ ok: true });
    expect(standin.views.map((v) => v.type)).toEqual(['modal', 'home']);
  });

  it('accepts JSON bodies as Slack does', async () => {
    const { standin } = await setup();
    const res = await fetch(`${standin.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: C, text: 'json', blocks: [section('json')] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: C });
    expect(standin.messages(C)[0]).toMatchObject({ text: 'json', blocks: [section('json')] });
  });

  it('answers 429 with Retry-After, which WebClient waits out before retrying', async () => {
    const { standin, web } = await setup({ limits: { 'chat.postMessage': { perSecond: 1, burst: 1, per: 'channel' } } });
    await web.chat.postMessage({ channel: C, text: 'first' });
    await web.chat.postMessage({ channel: 'C0OTHER', text: 'other channel, own bucket' });
    await web.chat.postMessage({ channel: C, text: 'second' });

    const calls = standin.callsTo('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([200, 200, 429, 200]);
    const [, , limited, retried] = calls;
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
    expect(standin.messages(C).map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('lets a client that rejects rate-limited calls see Retry-After', async () => {
    const { web } = await setup({ limits: { 'chat.update': { perSecond: 0.5, burst: 1 } } }, { rejectRateLimitedCalls: true });
    const { ts } = await web.chat.postMessage({ channel: C, text: 'a' });
    await web.chat.update({ channel: C, ts: ts as string, text: 'b' });
    await expect(web.chat.update({ channel: C, ts: ts as string, text: 'c' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 2 });
  });

  it('survives an outage of 503s and dropped connections through WebClient retries', async () => {
    const { standin, web } = await setup();
    standin.failNext(2, 'unavailable');
    standin.failNext(1, 'reset');
    await expect(web.chat.postMessage({ channel: C, text: 'after the outage' })).resolves.toMatchObject({ ok: true });
    expect(standin.calls.map((c) => c.status)).toEqual([503, 503, 0, 200]);
    expect(standin.messages(C)).toHaveLength(1);
  });

  it('gives up with the HTTP error when the outage outlasts the retries', async () => {
    const { standin, web } = await setup({}, { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 10 } });
    standin.failNext(5, 'unavailable');
    await expect(web.auth.test()).rejects.toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    expect(standin.calls).toHaveLength(2);
  });
});
