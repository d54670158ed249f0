import { WebAPIPlatformError, type WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { ApprovalNotification, Notification, NotificationChannel } from '../../core/approval.js';
import type { Logger } from '../../util/log.js';
import { cardModel, type CardModel } from '../card/card-model.js';
import { cardMessage, digestMessage, summaryMessage, type SlackMessage } from './blocks.js';
import { deliveryPlan } from './delivery-plan.js';

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

/** Where a request's card lives, and the time of the notification it last showed. */
interface CardRef {
  readonly channel: string;
  readonly ts: string;
  readonly shown: number;
}

/** Outlives any request's life from card to outcome, so every later notification finds the card. */
const CARD_TTL_S = 24 * 60 * 60;

/** Long enough for one chat.postMessage with WebClient's own retries; a crashed poster's claim lapses. */
const POST_CLAIM_MS = 30_000;

/** Slack refusals that no retry can fix: the message itself is wrong, so the delivery is dropped. */
const PERMANENT = new Set(['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'no_text', 'invalid_arguments', 'channel_not_found', 'not_in_channel', 'is_archived']);
/** The card is gone (deleted in Slack): a fresh one takes its place. */
const CARD_GONE = new Set(['message_not_found', 'cant_update_message']);

const platformError = (err: unknown): string | undefined => (err instanceof WebAPIPlatformError ? err.data.error : undefined);

/**
 * Approval cards in one Slack channel: one card per request, updated in place as the request moves
 * on, with reminders and outcomes as thread replies. The card's ts lives in Redis so whichever
 * instance delivers the next notification (after a restart too) updates the same card. Slack errors
 * throw so the notify queue retries. Deliveries are at least once and may arrive out of order across
 * instances, so an older notification never repaints a newer card, and a reply already posted is not
 * posted again.
 */
export class SlackChannel implements NotificationChannel {
  readonly name = 'slack';
  private readonly now: () => Date;

  constructor(private readonly opts: SlackChannelOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  async deliver(n: Notification): Promise<void> {
    try {
      if (n.kind === 'session-ended') await this.post(this.opts.auditChannel, summaryMessage(n.summary));
      else if (n.kind === 'digest') await this.post(this.opts.digestChannel, digestMessage(n.digest));
      else await this.deliverApproval(n);
    } catch (err) {
      const code = platformError(err);
      if (code === undefined || !PERMANENT.has(code)) throw err;
      const about = n.kind === 'session-ended' ? { session: n.summary.sessionId } : n.kind === 'digest' ? { date: n.digest.day.date } : { id: n.request.id };
      this.opts.log.error('Slack refused a message; dropping it', { ...about, kind: n.kind, error: code });
    }
  }

  /** A message to an optional channel: nothing is posted where none is configured. */
  private async post(channel: string | undefined, message: SlackMessage): Promise<void> {
    if (channel !== undefined) await this.opts.client.chat.postMessage({ channel, ...message });
  }

  private async deliverApproval({ kind, at, request }: ApprovalNotification): Promise<void> {
    const model = cardModel(request, { now: this.now(), ...(this.opts.oncall !== undefined && { oncall: this.opts.oncall }) });
    const plan = deliveryPlan(kind, model);
    let card = await this.storedCard(request.id);
    // No card yet, or its `requested` delivery failed for good: a fresh card already shows this state.
    if (!card) card = await this.postCard(request.id, model, at);
    else if (plan.updateCard && at.getTime() >= card.shown) card = await this.updateCard(request.id, card, model, at);
    for (const [i, reply] of plan.replies.entries()) {
      const marker = `${this.key(request.id)}:reply:${kind}:${i}`;
      if (await this.opts.redis.exists(marker)) continue;
      await this.opts.client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, ...reply });
      await this.opts.redis.set(marker, '1', 'EX', CARD_TTL_S);
    }
  }

  private key(id: string): string {
    return `${this.opts.prefix}:slack:card:${id}`;
  }

  private async storedCard(id: string): Promise<CardRef | undefined> {
    const raw = await this.opts.redis.get(this.key(id));
    return raw === null ? undefined : (JSON.parse(raw) as CardRef);
  }

  private async remember(id: string, card: CardRef): Promise<CardRef> {
    await this.opts.redis.set(this.key(id), JSON.stringify(card), 'EX', CARD_TTL_S);
    return card;
  }

  /**
   * Posts the request's card. Two instances may deliver two notifications of one request at once;
   * only the one holding the claim posts, the other fails and is retried by the queue, by then finding
   * the card to update.
   */
  private async postCard(id: string, model: CardModel, at: Date): Promise<CardRef> {
    const claim = `${this.key(id)}:posting`;
    if ((await this.opts.redis.set(claim, '1', 'PX', POST_CLAIM_MS, 'NX')) === null) throw new Error(`another delivery is posting the card of ${id}`);
    try {
      const res = await this.opts.client.chat.postMessage({ channel: this.opts.approvalsChannel, ...cardMessage(model) });
      if (res.channel === undefined || res.ts === undefined) throw new Error('chat.postMessage answered without channel and ts');
      return await this.remember(id, { channel: res.channel, ts: res.ts, shown: at.getTime() });
    } finally {
      await this.opts.redis.del(claim);
    }
  }

  private async updateCard(id: string, card: CardRef, model: CardModel, at: Date): Promise<CardRef> {
    try {
      await this.opts.client.chat.update({ channel: card.channel, ts: card.ts, ...cardMessage(model) });
    } catch (err) {
      const code = platformError(err);
      if (code === undefined || !CARD_GONE.has(code)) throw err;
      this.opts.log.warn('the approval card is gone from Slack; posting it again', { id });
      return this.postCard(id, model, at);
    }
    return this.remember(id, { ...card, shown: at.getTime() });
  }
}
