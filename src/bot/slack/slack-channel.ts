import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Notification, NotificationChannel } from '../../core/approval.js';
import type { Logger } from '../../util/log.js';
import { CardThread, type CardSurface, notificationSubject } from '../card/card-thread.js';
import { cardMessage, digestMessage, summaryMessage, threadReply, type SlackMessage } from './blocks.js';

export interface SlackChannelOptions {
  readonly client: WebClient;
  readonly redis: Redis;
  /** Key prefix shared with the approvals core (see queue/keys.ts). */
  readonly prefix: string;
  /** Channel (id or #name) the cards are posted to. */
  readonly approvalsChannel: string;
  /** Channel for session summaries; none are posted without it. */
  readonly auditChannel?: string;
  /** Channel for the daily digest; none is posted without it. */
  readonly digestChannel?: string;
  /** Mention raised when a request expires, e.g. `<!subteam^S123>`; operator configuration. */
  readonly oncall?: string;
  readonly now?: () => Date;
  /** Required: a dropped (permanently refused) message must leave a trace. */
  readonly log: Logger;
}

/** Where a request's card lives in Slack. */
interface SlackCard {
  readonly channel: string;
  readonly ts: string;
}

/** Slack refusals that no retry can fix: the message itself is wrong, so the delivery is dropped. */
const PERMANENT = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'no_text', 'invalid_arguments', 'channel_not_found', 'not_in_channel', 'is_archived']);
/** The card is gone (deleted in Slack): a fresh one takes its place. */
const CARD_GONE = new Set(['message_not_found', 'cant_update_message']);

const platformError = (err: unknown): string | undefined => (err instanceof WebAPIPlatformError ? err.data.error : undefined);

/**
 * Approval cards in one Slack channel, as a card thread: the card is a message, replies go in its
 * thread. Session summaries and digests are plain posts to their own channels.
 */
export class SlackChannel implements NotificationChannel {
  readonly name = 'slack';
  private readonly cards: CardThread<SlackCard>;

  constructor(private readonly opts: SlackChannelOptions) {
    const { client } = opts;
    const surface: CardSurface<SlackCard> = {
      post: async (model) => {
        const res = await client.chat.postMessage({ channel: opts.approvalsChannel, ...cardMessage(model) });
        if (res.channel === undefined || res.ts === undefined) throw new Error('chat.postMessage answered without channel and ts');
        return { channel: res.channel, ts: res.ts };
      },
      update: async (card, model) => {
        try {
          await client.chat.update({ ...card, ...cardMessage(model) });
          return true;
        } catch (err) {
          const code = platformError(err);
          if (code === undefined || !CARD_GONE.has(code)) throw err;
          return false;
        }
      },
      reply: async (card, reply, model) => {
        await client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, ...threadReply(reply.text, reply.raiseOncall ? model.oncall : undefined) });
      },
    };
    this.cards = new CardThread(surface, {
      redis: opts.redis,
      keyPrefix: `${opts.prefix}:slack:card`,
      log: opts.log,
      ...(opts.oncall !== undefined && { oncall: opts.oncall }),
      ...(opts.now !== undefined && { now: opts.now }),
    });
  }

  async deliver(n: Notification): Promise<void> {
    try {
      if (n.kind === 'session-ended') await this.post(this.opts.auditChannel, summaryMessage(n.summary));
      else if (n.kind === 'digest') await this.post(this.opts.digestChannel, digestMessage(n.digest));
      else await this.cards.deliver(n);
    } catch (err) {
      const code = platformError(err);
      if (code === undefined || !PERMANENT.has(code)) throw err;
      this.opts.log.error('Slack refused a message; dropping it', { ...notificationSubject(n), error: code });
    }
  }

  /** A message to an optional channel: nothing is posted where none is configured. */
  private async post(channel: string | undefined, message: SlackMessage): Promise<void> {
    if (channel !== undefined) await this.opts.client.chat.postMessage({ channel, ...message });
  }
}
