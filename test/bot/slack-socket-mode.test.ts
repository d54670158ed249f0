import { setTimeout as sleep } from 'node:timers/promises';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blockActions, slashCommandPayload, viewSubmission } from '../support/slack/signed-request.js';
import { SlackStandIn } from '../support/slack/slack-standin.js';

// Bolt's own SocketModeReceiver (undici WebSocket) connects to the stand-in, so what passes here
// is what a Socket Mode app really sees: envelopes in, acks (with response payloads) out.

const botToken = 'xoxb-airlock-test';
const appToken = 'xapp-1-A0AIRLOCK-1-airlock-test';
const C = 'C0APPROVALS';
const alice = { id: 'U0ALICE', name: 'alice' };

let standin: SlackStandIn;
let app: App;
const heard: string[] = [];

/** A Socket Mode app as production builds it; App hands its clientOptions on to the receiver's apps.connections.open. */
function socketModeApp(token: string): App {
  return new App({ socketMode: true, appToken: token, token: botToken, clientOptions: { slackApiUrl: standin.url }, logLevel: LogLevel.ERROR });
}

beforeAll(async () => {
  standin = await SlackStandIn.start({ botToken, appToken, users: { U0ALICE: { email: 'alice@example.com' } } });
  app = socketModeApp(appToken);
  app.action('airlock_approve', async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !body.message || !body.channel) throw new Error('unexpected payload');
    await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: `approved by <@${body.user.id}>` });
  });
  app.view('airlock_modify', async ({ ack, view }) => {
    const sql = view.state.values.sql?.text?.value ?? '';
    await ack(sql.includes(';') ? { response_action: 'errors', errors: { sql: 'One statement only' } } : undefined);
  });
  app.command('/airlock', async ({ ack, command }) => {
    heard.push(`command ${command.text} by ${command.user_id}`);
    await ack('No pending approvals');
  });
  await app.start();
});

afterAll(async () => {
  await app?.stop(); // before the stand-in closes, or the client would try to reconnect to a closed port
  await standin?.close();
});

describe('Socket Mode through Bolt', () => {
  it('opens the connection with the app-level token', async () => {
    await standin.socketMode.connected();
    expect(standin.socketMode.connectionCount).toBe(1);
    expect(standin.callsTo('apps.connections.open').map((c) => c.status)).toEqual([200]);
  });

  it('delivers a button click to the action listener, whose chat.update shows in the channel', async () => {
    const { ts } = await app.client.chat.postMessage({ channel: C, text: 'approve?' });
    const message = standin.messages(C).find((m) => m.ts === ts)!;
    const ack = await standin.socketMode.send('interactive', blockActions({ user: alice, actionId: 'airlock_approve', value: 'apr_1', channel: C, message }));
    expect(ack).toEqual({ envelope_id: expect.any(String), payload: {} });
    await vi.waitFor(() => expect(standin.messages(C).find((m) => m.ts === ts)).toMatchObject({ text: 'approved by <@U0ALICE>', edited: { user: 'U0AIRBOT' } }));
  });

  it('delivers a slash command and returns the text it acked with', async () => {
    heard.length = 0;
    const ack = await standin.socketMode.send('slash_commands', slashCommandPayload({ command: '/airlock', text: 'pending', user: alice, channel: C }));
    expect(heard).toEqual(['command pending by U0ALICE']);
    expect(ack.payload).toEqual({ text: 'No pending approvals' });
  });

  it('returns the response_action a view_submission is acked with', async () => {
    const submit = (sql: string) =>
      viewSubmission({ user: alice, callbackId: 'airlock_modify', privateMetadata: 'apr_2', values: { sql: { text: { type: 'plain_text_input', value: sql } } } });
    const refused = await standin.socketMode.send('interactive', submit('DELETE FROM a; DELETE FROM b'));
    expect(refused.payload).toEqual({ response_action: 'errors', errors: { sql: 'One statement only' } });
    const accepted = await standin.socketMode.send('interactive', submit('DELETE FROM a WHERE id = 1'));
    expect(accepted.payload).toEqual({});
  });

  it('rejects when the app does not ack within 3 seconds', async () => {
    const message = { ts: '1700000000.000001', text: 'x' };
    const started = Date.now();
    await expect(standin.socketMode.send('interactive', blockActions({ user: alice, actionId: 'airlock_unheard', channel: C, message }))).rejects.toThrow(/no ack .* within 3000 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
  });

  it('refuses to start with a wrong app token (invalid_auth)', async () => {
    const wrong = socketModeApp('xapp-1-A0AIRLOCK-1-wrong');
    try {
      await expect(wrong.start()).rejects.toThrow(/invalid_auth/);
    } finally {
      await wrong.stop();
    }
    expect(standin.callsTo('apps.connections.open').at(-1)).toMatchObject({ status: 200, error: 'invalid_auth' });
    expect(standin.socketMode.connectionCount).toBe(1);
  });

  it('tells bot and app-level tokens apart (not_allowed_token_type)', async () => {
    const asBot = new WebClient(botToken, { slackApiUrl: standin.url, logLevel: LogLevel.ERROR });
    await expect(asBot.apps.connections.open()).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'not_allowed_token_type' } });
    const asApp = new WebClient(appToken, { slackApiUrl: standin.url, logLevel: LogLevel.ERROR });
    await expect(asApp.chat.postMessage({ channel: C, text: 'x' })).rejects.toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'not_allowed_token_type' } });
  });
});

describe('Socket Mode connection lifecycle', () => {
  it('reconnects when Slack sends disconnect, and stays disconnected after stop', async () => {
    const own = await SlackStandIn.start({ botToken, appToken });
    // The receiver built explicitly: its WebClient (apps.connections.open) takes installerOptions.clientOptions.
    // clientPingTimeout also sets the reconnect delay (× attempt), so keep it short.
    const receiver = new SocketModeReceiver({ appToken, clientPingTimeout: 500, logLevel: LogLevel.ERROR, installerOptions: { clientOptions: { slackApiUrl: own.url } } });
    const bolt = new App({ receiver, token: botToken, clientOptions: { slackApiUrl: own.url }, logLevel: LogLevel.ERROR });
    bolt.command('/airlock', async ({ ack }) => ack('still here'));
    const opens = () => own.callsTo('apps.connections.open').length;
    try {
      await bolt.start();
      own.socketMode.disconnect('refresh_requested');
      await vi.waitFor(() => expect(opens()).toBe(2), { timeout: 3000 });
      await own.socketMode.connected();
      const ack = await own.socketMode.send('slash_commands', slashCommandPayload({ command: '/airlock', text: '', user: alice, channel: C }));
      expect(ack.payload).toEqual({ text: 'still here' });

      await bolt.stop();
      await vi.waitFor(() => expect(own.socketMode.connectionCount).toBe(0));
      await sleep(1600); // past three reconnect delays: a client still trying would have called again
      expect(opens()).toBe(2);
    } finally {
      await bolt.stop();
      await own.close();
    }
  });
});
