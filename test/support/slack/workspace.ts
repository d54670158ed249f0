import { randomBytes } from 'node:crypto';
import { blocksError, LIMITS, viewError } from './block-limits.js';

// The state and Web API method semantics behind the stand-in, free of HTTP: what Slack
// stores, what it answers and which error codes it uses.

export interface SlackUser {
  email: string;
  name?: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  user: string;
  bot_id: string;
  /** Set by chat.update, as Slack does. */
  edited?: { user: string; ts: string };
}

export interface Ephemeral {
  channel: string;
  user: string;
  text?: string;
  blocks?: unknown[];
  message_ts: string;
}

export interface StoredView {
  id: string;
  type: 'modal' | 'home';
  view: Record<string, unknown>;
  /** The user a home tab was published for. */
  user_id?: string;
}

export type Args = Record<string, unknown>;
export type Answer = { ok: true } & Record<string, unknown> | { ok: false; error: string; response_metadata?: { messages: string[] } };

export const BOT = { team_id: 'T0AIRLOCK', team: 'Airlock Test', user_id: 'U0AIRBOT', user: 'airlock', bot_id: 'B0AIRBOT' } as const;
/** The Slack app the bot belongs to, as payloads and the Socket Mode hello name it. */
export const APP_ID = 'A0AIRLOCK';

/** Slack lets a modal be opened with a trigger_id for 3 seconds after the interaction. */
const TRIGGER_TTL_MS = 3000;

const fail = (error: string, detail?: string): Answer =>
  detail === undefined ? { ok: false, error } : { ok: false, error, response_metadata: { messages: [`[ERROR] ${detail}`] } };

/** A trigger_id in Slack's format: seconds.number.hex. */
export const newTriggerId = (now = Date.now()): string =>
  `${Math.floor(now / 1000)}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export class Workspace {
  private readonly byChannel = new Map<string, StoredMessage[]>();
  readonly ephemerals: Ephemeral[] = [];
  readonly views: StoredView[] = [];
  private readonly triggers = new Map<string, number>();
  private lastMicros = 0;

  constructor(
    private readonly users: Record<string, SlackUser>,
    private readonly channels: Record<string, { name: string }> | undefined,
  ) {}

  messages(channel: string): StoredMessage[] {
    return this.byChannel.get(channel) ?? [];
  }

  /** A person deleting a message in the Slack client; later chat.update calls get message_not_found. */
  deleteMessage(channel: string, ts: string): void {
    this.byChannel.set(channel, this.messages(channel).filter((m) => m.ts !== ts));
  }

  /** A trigger_id as Slack puts in an interaction payload; views.open accepts it for 3 s. */
  issueTrigger(now = Date.now()): string {
    const id = newTriggerId(now);
    this.triggers.set(id, now);
    return id;
  }

  call(method: string, args: Args): Answer {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://airlock-test.slack.com/', ...BOT };
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.update(args);
      case 'chat.postEphemeral':
        return this.postEphemeral(args);
      case 'views.open':
        return this.openView(args);
      case 'views.publish':
        return this.publishView(args);
      case 'users.info':
        return this.userInfo(args);
      case 'conversations.info':
        return this.conversationInfo(args);
      default:
        return fail('unknown_method');
    }
  }

  /** Slack-like "seconds.micros" timestamps, strictly increasing so each message has its own ts. */
  private nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  private knownChannel(channel: string): boolean {
    return this.channels === undefined || channel in this.channels || channel in this.users;
  }

  /** Validates text/blocks as chat.postMessage and chat.update do. */
  private content(args: Args): Answer | { text?: string; blocks?: unknown[] } {
    const text = typeof args.text === 'string' ? args.text : undefined;
    const blocks = args.blocks;
    if (text === undefined && blocks === undefined && args.attachments === undefined) return fail('no_text');
    if (text !== undefined && text.length > LIMITS.messageText) return fail('msg_too_long');
    if (blocks === undefined) return { text };
    const err = blocksError(blocks, LIMITS.messageBlocks);
    return err ? fail('invalid_blocks', err) : { text, blocks: blocks as unknown[] };
  }

  private postMessage(args: Args): Answer {
    const channel = str(args.channel);
    if (!channel || !this.knownChannel(channel)) return fail('channel_not_found');
    const content = this.content(args);
    if ('ok' in content) return content;
    const thread_ts = str(args.thread_ts);
    if (thread_ts && !this.messages(channel).some((m) => m.ts === thread_ts)) return fail('thread_not_found');
    const message: StoredMessage = { channel, ts: this.nextTs(), ...content, user: BOT.user_id, bot_id: BOT.bot_id };
    if (thread_ts) message.thread_ts = thread_ts;
    this.byChannel.set(channel, [...this.messages(channel), message]);
    return { ok: true, channel, ts: message.ts, message: { type: 'message', ...message } };
  }

  private update(args: Args): Answer {
    const channel = str(args.channel);
    const ts = str(args.ts);
    if (!channel || !this.knownChannel(channel)) return fail('channel_not_found');
    const message = this.messages(channel).find((m) => m.ts === ts);
    if (!message) return fail('message_not_found');
    const content = this.content(args);
    if ('ok' in content) return content;
    Object.assign(message, content, { edited: { user: BOT.user_id, ts: this.nextTs() } });
    return { ok: true, channel, ts: message.ts, text: message.text ?? '', message: { type: 'message', ...message } };
  }

  private postEphemeral(args: Args): Answer {
    const channel = str(args.channel);
    const user = str(args.user);
    if (!channel || !this.knownChannel(channel)) return fail('channel_not_found');
    if (!user || !(user in this.users)) return fail('user_not_in_channel');
    const content = this.content(args);
    if ('ok' in content) return content;
    const message_ts = this.nextTs();
    this.ephemerals.push({ channel, user, ...content, message_ts });
    return { ok: true, message_ts };
  }

  private openView(args: Args): Answer {
    const trigger = str(args.trigger_id);
    const issued = trigger === undefined ? undefined : this.triggers.get(trigger);
    if (issued === undefined) return fail('invalid_trigger_id');
    if (Date.now() - issued > TRIGGER_TTL_MS) return fail('expired_trigger_id');
    this.triggers.delete(trigger as string); // a trigger opens one view
    return this.storeView(args.view, 'modal');
  }

  private publishView(args: Args): Answer {
    const user_id = str(args.user_id);
    if (!user_id || !(user_id in this.users)) return fail('user_not_found');
    return this.storeView(args.view, 'home', user_id);
  }

  private storeView(view: unknown, type: 'modal' | 'home', user_id?: string): Answer {
    const err = viewError(view, type);
    if (err) return fail('invalid_arguments', err);
    const stored: StoredView = { id: `V${randomBytes(5).toString('hex').toUpperCase()}`, type, view: view as Record<string, unknown> };
    if (user_id) stored.user_id = user_id;
    this.views.push(stored);
    return { ok: true, view: { id: stored.id, team_id: BOT.team_id, app_id: APP_ID, bot_id: BOT.bot_id, ...stored.view } };
  }

  private userInfo(args: Args): Answer {
    const id = str(args.user);
    const user = id === undefined ? undefined : this.users[id];
    if (!id || !user) return fail('user_not_found');
    const name = user.name ?? user.email.split('@')[0] ?? id;
    return {
      ok: true,
      user: { id, team_id: BOT.team_id, name, real_name: name, deleted: false, is_bot: false, profile: { email: user.email, real_name: name, display_name: name } },
    };
  }

  private conversationInfo(args: Args): Answer {
    const id = str(args.channel);
    if (!id || !this.knownChannel(id)) return fail('channel_not_found');
    const name = this.channels?.[id]?.name ?? id.toLowerCase();
    return { ok: true, channel: { id, name, is_channel: true, is_member: true } };
  }
}
