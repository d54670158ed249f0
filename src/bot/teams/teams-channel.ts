import { CardFactory, type ConnectorClient, HttpError, MessageFactory } from '@microsoft/agents-hosting';
import type { Redis } from 'ioredis';
import type { TeamsChannelConfig } from '../../config/types.js';
import { DeliveryDeferred, type Notification, type NotificationChannel } from '../../core/approval.js';
import type { Logger } from '../../util/log.js';
import { CardThread, type CardSurface, notificationSubject } from '../card/card-thread.js';
import { approvalCard } from './adaptive-card.js';
import type { AdaptiveCard } from './card-kit.js';
import { digestCard, replyCard, summaryCard } from './teams-messages.js';

export interface TeamsChannelOptions {
  /** A Bot Connector client carrying a current bot token. */
  readonly connector: () => Promise<ConnectorClient>;
  readonly redis: Redis;
  /** Key prefix shared with the approvals core. */
  readonly prefix: string;
  readonly config: Pick<TeamsChannelConfig, 'approvals' | 'audit' | 'digest' | 'oncall'>;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** Where a request's card lives in Teams. */
interface TeamsCard {
  readonly conversation: string;
  readonly activityId: string;
}

/** Connector answers no retry can fix (a malformed or oversized card, a channel the bot is not in). */
const PERMANENT = new Set([400, 403, 413]);
/** Without a usable Retry-After, wait this long after a 429. */
const DEFAULT_RETRY_AFTER_MS = 2_000;

const status = (err: unknown) => (err instanceof HttpError ? err.status : undefined);
const message = (card: AdaptiveCard) => MessageFactory.attachment(CardFactory.adaptiveCard(card));
/** A channel post's replies live in the conversation `<channel>;messageid=<root activity id>`. */
const replyChain = (card: TeamsCard) => `${card.conversation};messageid=${card.activityId}`;

function retryAfterMs(err: HttpError): number {
  const header = Number(err.response.headers.get('retry-after'));
  return Number.isFinite(header) && header > 0 ? Math.ceil(header * 1000) : DEFAULT_RETRY_AFTER_MS;
}

/**
 * Approval cards in one Teams channel, posted proactively through the Bot Connector: one Adaptive
 * Card per request, updated in place, with replies in its reply chain and the on-call @mention on
 * expiry. A 429 defers the channel's deliveries by the connector's Retry-After.
 */
export class TeamsChannel implements NotificationChannel {
  readonly name = 'teams';
  private readonly cards: CardThread<TeamsCard>;

  constructor(private readonly opts: TeamsChannelOptions) {
    const { config } = opts;
    const surface: CardSurface<TeamsCard> = {
      post: async (model) => {
        const res = await (await opts.connector()).sendToConversation(config.approvals, message(approvalCard(model)));
        if (!res.id) throw new Error('the Bot Connector answered without an activity id');
        return { conversation: config.approvals, activityId: res.id };
      },
      update: async (card, model) => {
        const activity = message(approvalCard(model));
        activity.id = card.activityId;
        try {
          await (await opts.connector()).updateActivity(card.conversation, card.activityId, activity);
          return true;
        } catch (err) {
          if (status(err) === 404) return false;
          throw err;
        }
      },
      reply: async (card, reply) => {
        const oncall = reply.raiseOncall ? config.oncall : undefined;
        await (await opts.connector()).sendToConversation(replyChain(card), message(replyCard(reply.text, oncall)));
      },
    };
    this.cards = new CardThread(surface, { redis: opts.redis, keyPrefix: `${opts.prefix}:teams:card`, log: opts.log, ...(opts.now !== undefined && { now: opts.now }) });
  }

  async deliver(n: Notification): Promise<void> {
    try {
      if (n.kind === 'session-ended') await this.post(this.opts.config.audit, summaryCard(n.summary));
      else if (n.kind === 'digest') await this.post(this.opts.config.digest, digestCard(n.digest));
      else await this.cards.deliver(n);
    } catch (err) {
      if (err instanceof HttpError && err.status === 429) throw new DeliveryDeferred(retryAfterMs(err), 'Teams is throttling the bot (429)');
      const code = status(err);
      if (code === undefined || !PERMANENT.has(code)) throw err;
      this.opts.log.error('Teams refused a message; dropping it', { ...notificationSubject(n), status: code });
    }
  }

  private async post(conversation: string | undefined, card: AdaptiveCard): Promise<void> {
    if (conversation !== undefined) await (await this.opts.connector()).sendToConversation(conversation, message(card));
  }
}
