import { randomBytes } from 'node:crypto';
import type { APPROVE_ACTION, DENY_ACTION, MODIFY_ACTION, VIEW_STATEMENT_ACTION } from '../../src/bot/slack/ids.js';
import type { GatewayProcess } from '../approvals-e2e/gateway-process.js';
import { blockActions, interactionBody, postSigned, type SignOptions, slashCommand, viewSubmission } from '../support/slack/signed-request.js';
import type { SlackStandIn, StoredMessage } from '../support/slack/slack-standin.js';
import { APP_ID, BOT } from '../support/slack/workspace.js';

export const SIGNING_SECRET = `signing-${randomBytes(8).toString('hex')}`;
export const BOT_TOKEN = `xoxb-${randomBytes(8).toString('hex')}`;
export const APP_TOKEN = `xapp-${randomBytes(8).toString('hex')}`;
export const APPROVALS = 'C0APPROVALS';
export const AUDIT = 'C0AUDIT';
export const ONCALL = '<!subteam^S0ONCALL>';

/** Slack users: two reviewers (one with a token, one token-less), a stranger, and the requesting agent's human. */
export const DBA = { id: 'U0DBA', email: 'dba@example.com' };
export const LEAD = { id: 'U0LEAD', email: 'Lead@Example.com' };
export const STRANGER = { id: 'U0STRANGER', email: 'stranger@example.com' };
export const REQUESTER = { id: 'U0DEVIN', email: 'devin' };
export const SLACK_USERS = Object.fromEntries([DBA, LEAD, STRANGER, REQUESTER].map((u) => [u.id, { email: u.email }]));
export type SlackPerson = { readonly id: string };
export type ActionId = typeof APPROVE_ACTION | typeof DENY_ACTION | typeof MODIFY_ACTION | typeof VIEW_STATEMENT_ACTION;

/** The approvals channel's card for `requestId`, if posted (cards are top-level messages naming the id). */
export function cardFor(standin: SlackStandIn, requestId: string): StoredMessage | undefined {
  return standin.messages(APPROVALS).find((m) => m.thread_ts === undefined && JSON.stringify(m.blocks).includes(requestId));
}

export const threadOf = (standin: SlackStandIn, card: StoredMessage) => standin.messages(APPROVALS).filter((m) => m.thread_ts === card.ts);

/** Signed requests to one gateway's `POST /slack/events`, built as Slack builds them. */
export class SlackDriver {
  constructor(
    private readonly standin: SlackStandIn,
    private readonly sign: Omit<SignOptions, 'signingSecret'> = {},
  ) {}

  private post(gw: GatewayProcess, body: string, sign: Omit<SignOptions, 'signingSecret'> = this.sign): Promise<Response> {
    return postSigned(`${gw.url}/slack/events`, body, { signingSecret: SIGNING_SECRET, ...sign });
  }

  /** A button click on the request's card (a trigger is issued so the gateway may open a modal). */
  clickBody(user: SlackPerson, action: ActionId, requestId: string): string {
    const card = cardFor(this.standin, requestId);
    if (!card) throw new Error(`no card for ${requestId}`);
    return interactionBody(blockActions({ user, actionId: action, value: requestId, channel: APPROVALS, message: card, triggerId: this.standin.issueTrigger() }));
  }

  click(gw: GatewayProcess, user: SlackPerson, action: ActionId, requestId: string, sign?: Omit<SignOptions, 'signingSecret'>): Promise<Response> {
    return this.post(gw, this.clickBody(user, action, requestId), sign);
  }

  /** A click from the Home tab: no channel, a `view` container. */
  homeClick(gw: GatewayProcess, user: SlackPerson, action: ActionId, requestId: string): Promise<Response> {
    const payload = blockActions({ user, actionId: action, value: requestId, channel: 'unused', message: { ts: '0' }, triggerId: this.standin.issueTrigger() });
    delete payload.channel;
    delete payload.message;
    payload.container = { type: 'view', view_id: 'VHOME' };
    return this.post(gw, interactionBody(payload));
  }

  /** Submits a modal the gateway opened, with the given input values (block id → text). */
  async submit(gw: GatewayProcess, user: SlackPerson, v: Record<string, unknown>, values: Record<string, string>): Promise<Record<string, unknown>> {
    const state = Object.fromEntries(Object.entries(values).map(([block, value]) => [block, { [block]: { type: 'plain_text_input', value } }]));
    const res = await this.post(gw, interactionBody(viewSubmission({ user, callbackId: String(v.callback_id), privateMetadata: String(v.private_metadata), values: state })));
    if (!res.ok) throw new Error(`view submission answered ${res.status}`);
    const text = await res.text();
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }

  async slash(gw: GatewayProcess, user: SlackPerson, text: string): Promise<Record<string, unknown>> {
    const res = await this.post(gw, slashCommand({ command: '/airlock', text, user, channel: APPROVALS }));
    return (await res.json()) as Record<string, unknown>;
  }

  homeOpened(gw: GatewayProcess, user: SlackPerson): Promise<Response> {
    const now = Math.floor(Date.now() / 1000);
    const body = {
      token: 'unused',
      team_id: BOT.team_id,
      api_app_id: APP_ID,
      type: 'event_callback',
      event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
      event_time: now,
      event: { type: 'app_home_opened', user: user.id, channel: `D${user.id}`, tab: 'home', event_ts: `${now}.000100` },
    };
    return this.post(gw, JSON.stringify(body));
  }
}
