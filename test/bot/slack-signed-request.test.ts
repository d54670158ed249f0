import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../support/ports.js';
import { blockActions, interactionBody, postSigned, slashCommand, viewSubmission } from '../support/slack/signed-request.js';
import { SlackStandIn } from '../support/slack/slack-standin.js';

// Bolt's own HTTPReceiver verifies what signed-request.ts builds, so the bot's tests can drive
// it the way Slack would; its WebClient answers go to the stand-in.

const signingSecret = 'airlock-signing-secret';
const botToken = 'xoxb-airlock-test';
const C = 'C0APPROVALS';
const alice = { id: 'U0ALICE', name: 'alice' };

let standin: SlackStandIn;
let app: App;
let events: string;
const heard: string[] = [];

beforeAll(async () => {
  standin = await SlackStandIn.start({ botToken, users: { U0ALICE: { email: 'alice@example.com' } } });
  app = new App({
    token: botToken,
    receiver: new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.ERROR }),
    clientOptions: { slackApiUrl: standin.url },
    logLevel: LogLevel.ERROR,
  });
  app.action('airlock_approve', async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !body.message || !body.channel) throw new Error('unexpected payload');
    heard.push(`approve ${action.value} by ${body.user.id}`);
    await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: `approved by <@${body.user.id}>` });
  });
  app.view('airlock_modify', async ({ ack, view }) => {
    await ack();
    heard.push(`modify ${view.private_metadata}: ${view.state.values.sql?.text?.value}`);
  });
  app.command('/airlock', async ({ ack, command }) => {
    await ack();
    heard.push(`command ${command.text}`);
  });
  const port = await freePort();
  await app.start(port);
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await standin?.close();
});

async function click() {
  const { ts } = await app.client.chat.postMessage({ channel: C, text: 'approve?' });
  const message = standin.messages(C).find((m) => m.ts === ts)!;
  return interactionBody(blockActions({ user: alice, actionId: 'airlock_approve', value: 'apr_1', channel: C, message }));
}

describe('signed requests through Bolt', () => {
  it('runs the action listener for a signed button click', async () => {
    heard.length = 0;
    const body = await click();
    const res = await postSigned(events, body, { signingSecret });
    expect(res.status).toBe(200);
    expect(heard).toEqual(['approve apr_1 by U0ALICE']);
    expect(standin.callsTo('auth.test').length).toBeGreaterThan(0); // Bolt's authorize asked the stand-in who the bot is
    await vi.waitFor(() => expect(standin.messages(C).at(-1)?.text).toBe('approved by <@U0ALICE>'));
  });

  it('refuses a forged signature and a stale timestamp with 401, without running the listener', async () => {
    heard.length = 0;
    const body = await click();
    expect((await postSigned(events, body, { signingSecret: 'not-the-secret' })).status).toBe(401);
    expect((await postSigned(events, body, { signingSecret, signature: 'v0=' + '0'.repeat(64) })).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postSigned(events, body, { signingSecret, timestamp: sixMinutesAgo })).status).toBe(401);
    expect(heard).toEqual([]);
  });

  it('delivers modal submissions and slash commands', async () => {
    heard.length = 0;
    const submit = viewSubmission({
      user: alice,
      callbackId: 'airlock_modify',
      privateMetadata: 'apr_2',
      values: { sql: { text: { type: 'plain_text_input', value: 'UPDATE users SET plan = 1 WHERE id = 2' } } },
    });
    expect((await postSigned(events, interactionBody(submit), { signingSecret })).status).toBe(200);
    expect((await postSigned(events, slashCommand({ command: '/airlock', text: 'pending', user: alice, channel: C }), { signingSecret })).status).toBe(200);
    expect(heard).toEqual(['modify apr_2: UPDATE users SET plan = 1 WHERE id = 2', 'command pending']);
  });
});
