import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Notification, NotificationChannel } from '../../core/approval.js';
import type { Logger } from '../../util/log.js';
import { cardModel } from '../card/card-model.js';
import { cardMessage, type SlackMessage } from './blocks.js';
import { deliveryPlan } from './delivery-plan.js';

export interface SlackChannelOptions {
  readonly client: WebClient;
  readonly redis: Redis;
  /** Key prefix shared with the approvals core (see queue/keys.ts). */
  readonly prefix: string;
  /** Channel id the cards are posted to. */
  readonly approvalsChannel: string;
  /** Mention raised when a request expires, e.g. `<!subteam^S123>`; operator configuration. */
  readonly oncall?: string;
  readonly now?: () => Date;
  /** Required: a dropped (permanently refused) message must leave a trace. */
  readonly log: Logger;
}

/** Where a request's card lives. */
interface CardRef {
  readonly channel: string;
  readonly ts: string;
}

/** Outlives any request's life from card to outcome, so every later notification finds the card. */
const CARD_TTL_S = 24 * 60 * 60;

/** Slack refusals that no retry can fix: the message itself is wrong, so the delivery is dropped. */
const PERMANENT = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'no_text', 'invalid_arguments']);

/**
 * Approval cards in one Slack channel: one card per request, updated in place as the request moves
 * on, with reminders and outcomes as thread replies. The card's ts lives in Redis so whichever
 * instance delivers the next notification (after a restart too) updates the same card. Slack errors
 * throw so the notify queue retries; deliveries are at least once, so a retry may repeat a reply.
 */
export class SlackChannel implements NotificationChannel {
  readonly name = 'slack';
  private readonly now: () => Date;

  constructor(private readonly opts: SlackChannelOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  async deliver({ kind, request }: Notification): Promise<void> {
    const model = cardModel(request, { now: this.now(), ...(this.opts.oncall !== undefined && { oncall: this.opts.oncall }) });
    const plan = deliveryPlan(kind, model);
    const message = cardMessage(model);
    try {
      let card = await this.storedCard(request.id);
      // No card yet, or its `requested` delivery failed for good: a fresh card already shows this state.
      if (!card) card = await this.postCard(request.id, message);
      else if (plan.updateCard) await this.opts.client.chat.update({ ...card, ...message });
      for (const reply of plan.replies) await this.opts.client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, ...reply });
    } catch (err) {
      if (!(err instanceof WebAPIPlatformError && PERMANENT.has(err.data.error))) throw err;
      this.opts.log.error('Slack refused an approval message; dropping it', { id: request.id, kind, error: err.data.error });
    }
  }

  private key(id: string): string {
    return `${this.opts.prefix}:slack:card:${id}`;
  }

  private async storedCard(id: string): Promise<CardRef | undefined> {
    const raw = await this.opts.redis.get(this.key(id));
    return raw === null ? undefined : (JSON.parse(raw) as CardRef);
  }

  private async postCard(id: string, message: SlackMessage): Promise<CardRef> {
    const res = await this.opts.client.chat.postMessage({ channel: this.opts.approvalsChannel, ...message });
    if (res.channel === undefined || res.ts === undefined) throw new Error('chat.postMessage answered without channel and ts');
    const card = { channel: res.channel, ts: res.ts };
    await this.opts.redis.set(this.key(id), JSON.stringify(card), 'EX', CARD_TTL_S);
    return card;
  }
}
