import { createHmac, randomBytes } from 'node:crypto';
import { APP_ID, BOT, newTriggerId } from './workspace.js';

// Requests as Slack sends them to an app: interactivity and slash command payloads, which go
// to a Request URL form-encoded and signed with the app's signing secret, or as they are into
// a Socket Mode envelope (socket-mode-link.ts).

export interface SlackActor {
  id: string;
  name?: string;
}

const team = { id: BOT.team_id, domain: 'airlock-test' };
const person = (u: SlackActor) => ({ id: u.id, username: u.name ?? u.id, name: u.name ?? u.id, team_id: BOT.team_id });
const randomResponseUrl = () => `https://hooks.slack.com/actions/${BOT.team_id}/${randomBytes(5).readUIntBE(0, 5)}/${randomBytes(12).toString('hex')}`;
const actionTs = () => (Date.now() / 1000).toFixed(6);

export interface BlockActionsOptions {
  user: SlackActor;
  actionId: string;
  value?: string;
  blockId?: string;
  channel: string;
  /** The message holding the button, e.g. one from SlackStandIn.messages(). */
  message: { ts: string; text?: string; blocks?: unknown[] };
  /** Use SlackStandIn.issueTrigger() when the listener will call views.open. */
  triggerId?: string;
  responseUrl?: string;
}

/** A button click on a message (`block_actions`), shaped like Slack's payload. */
export function blockActions(o: BlockActionsOptions): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: person(o.user),
    api_app_id: APP_ID,
    container: { type: 'message', message_ts: o.message.ts, channel_id: o.channel, is_ephemeral: false },
    trigger_id: o.triggerId ?? newTriggerId(),
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channel, name: o.channel.toLowerCase() },
    message: { type: 'message', user: BOT.user_id, bot_id: BOT.bot_id, ...o.message },
    state: { values: {} },
    response_url: o.responseUrl ?? randomResponseUrl(),
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: o.blockId ?? 'actions',
        text: { type: 'plain_text', text: o.actionId, emoji: true },
        ...(o.value === undefined ? {} : { value: o.value }),
        action_ts: actionTs(),
      },
    ],
  };
}

export interface ViewSubmissionOptions {
  user: SlackActor;
  callbackId: string;
  /** state.values: block_id → action_id → element state, e.g. `{ reason: { text: { type: 'plain_text_input', value: 'ok' } } }`. */
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  viewId?: string;
}

/** A modal's submit (`view_submission`), shaped like Slack's payload. */
export function viewSubmission(o: ViewSubmissionOptions): Record<string, unknown> {
  return {
    type: 'view_submission',
    team,
    user: person(o.user),
    api_app_id: APP_ID,
    trigger_id: newTriggerId(),
    view: {
      id: o.viewId ?? `V${randomBytes(5).toString('hex').toUpperCase()}`,
      team_id: BOT.team_id,
      type: 'modal',
      callback_id: o.callbackId,
      private_metadata: o.privateMetadata ?? '',
      state: { values: o.values },
      hash: randomBytes(8).toString('hex'),
      app_id: APP_ID,
      bot_id: BOT.bot_id,
    },
    response_urls: [],
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** The body Slack posts for an interaction: the payload as JSON in one form field. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface SlashCommandOptions {
  command: string;
  text: string;
  user: SlackActor;
  channel: string;
  triggerId?: string;
}

/** A slash command's fields, as Socket Mode delivers them (a `slash_commands` envelope's payload). */
export function slashCommandPayload(o: SlashCommandOptions): Record<string, string> {
  return {
    team_id: BOT.team_id,
    team_domain: team.domain,
    channel_id: o.channel,
    channel_name: o.channel.toLowerCase(),
    user_id: o.user.id,
    user_name: o.user.name ?? o.user.id,
    command: o.command,
    text: o.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: randomResponseUrl(),
    trigger_id: o.triggerId ?? newTriggerId(),
  };
}

/** The form body Slack posts for a slash command to a Request URL: the same fields, form-encoded. */
export function slashCommand(o: SlashCommandOptions): string {
  return new URLSearchParams(slashCommandPayload(o)).toString();
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`, as Slack computes X-Slack-Signature. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignOptions {
  signingSecret: string;
  /** Seconds since the epoch; default now. Slack apps refuse one more than 5 minutes old. */
  timestamp?: number;
  /** Sent instead of the computed signature, to forge one. */
  signature?: string;
}

/** Posts `body` the way Slack does: form-encoded (JSON for Events API bodies) with signature headers. */
export function postSigned(url: string, body: string, o: SignOptions): Promise<Response> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': o.signature ?? slackSignature(o.signingSecret, timestamp, body),
    },
    body,
  });
}
