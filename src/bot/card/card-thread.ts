import type { Redis } from 'ioredis';
import type { ApprovalNotification, Notification } from '../../core/approval.js';
import type { Logger } from '../../util/log.js';
import { cardModel, type CardModel } from './card-model.js';
import { deliveryPlan, type ThreadReply } from './delivery-plan.js';

/** One chat's way of posting a card, repainting it and replying under it; `Ref` says where a card lives. */
export interface CardSurface<Ref extends object> {
  post(model: CardModel): Promise<Ref>;
  /** Repaints the card; false when the card is gone from the chat (deleted), so a fresh one takes its place. */
  update(ref: Ref, model: CardModel): Promise<boolean>;
  reply(ref: Ref, reply: ThreadReply, model: CardModel): Promise<void>;
}

export interface CardThreadOptions {
  readonly redis: Redis;
  /** Redis key prefix for this chat's card references, e.g. `airlock:slack:card`. */
  readonly keyPrefix: string;
  readonly log: Logger;
  /** Operator-configured on-call handle, in the chat's own syntax. */
  readonly oncall?: string;
  readonly now?: () => Date;
}

/** Outlives any request's life from card to outcome, so every later notification finds the card. */
const CARD_TTL_S = 24 * 60 * 60;
/** Long enough for one post or update with the client's own retries; a crashed painter's lock lapses. */
const CARD_LOCK_MS = 30_000;

/**
 * One card per request in one chat, updated in place as the request moves on, with reminders and
 * outcomes as replies under it. Where the card lives is kept in Redis so whichever instance delivers
 * the next notification (after a restart too) updates the same card. Deliveries are at least once and
 * may arrive out of order across instances, so an older notification never repaints a newer card, and
 * a reply already posted is not posted again. Errors throw, so the notify queue retries.
 */
export class CardThread<Ref extends object> {
  private readonly now: () => Date;

  constructor(
    private readonly surface: CardSurface<Ref>,
    private readonly opts: CardThreadOptions,
  ) {
    this.now = opts.now ?? (() => new Date());
  }

  async deliver({ kind, at, request }: ApprovalNotification): Promise<void> {
    const model = cardModel(request, { now: this.now(), ...(this.opts.oncall !== undefined && { oncall: this.opts.oncall }) });
    const plan = deliveryPlan(kind, model);
    const card = await this.locked(request.id, async () => {
      const stored = await this.stored(request.id);
      // No card yet, or its `requested` delivery failed for good: a fresh card already shows this state.
      if (!stored) return this.post(request.id, model, at);
      if (plan.updateCard && at.getTime() >= stored.shown) return this.update(request.id, stored, model, at);
      return stored;
    });
    for (const [i, reply] of plan.replies.entries()) {
      const marker = `${this.key(request.id)}:reply:${kind}:${i}`;
      if (await this.opts.redis.exists(marker)) continue;
      await this.surface.reply(card.ref, reply, model);
      await this.opts.redis.set(marker, '1', 'EX', CARD_TTL_S);
    }
  }

  private key(id: string): string {
    return `${this.opts.keyPrefix}:${id}`;
  }

  /** Stored flat, as `{...ref, shown}`, the time of the notification the card last showed. */
  private async stored(id: string): Promise<{ ref: Ref; shown: number } | undefined> {
    const raw = await this.opts.redis.get(this.key(id));
    if (raw === null) return undefined;
    const { shown, ...ref } = JSON.parse(raw) as Ref & { shown: number };
    return { ref: ref as Ref, shown };
  }

  private async remember(id: string, ref: Ref, at: Date): Promise<{ ref: Ref; shown: number }> {
    await this.opts.redis.set(this.key(id), JSON.stringify({ ...ref, shown: at.getTime() }), 'EX', CARD_TTL_S);
    return { ref, shown: at.getTime() };
  }

  /**
   * Two instances may deliver two notifications of one request at once. Reading what the card shows,
   * repainting it and remembering that is one step per card: otherwise an older state could be painted
   * over a newer one. The instance without the lock fails and is retried by the queue.
   */
  private async locked<T>(id: string, step: () => Promise<T>): Promise<T> {
    const lock = `${this.key(id)}:lock`;
    if ((await this.opts.redis.set(lock, '1', 'PX', CARD_LOCK_MS, 'NX')) === null) throw new Error(`another delivery is painting the card of ${id}`);
    try {
      return await step();
    } finally {
      await this.opts.redis.del(lock);
    }
  }

  private async post(id: string, model: CardModel, at: Date): Promise<{ ref: Ref; shown: number }> {
    return this.remember(id, await this.surface.post(model), at);
  }

  private async update(id: string, card: { readonly ref: Ref }, model: CardModel, at: Date): Promise<{ ref: Ref; shown: number }> {
    if (await this.surface.update(card.ref, model)) return this.remember(id, card.ref, at);
    this.opts.log.warn('the approval card is gone from the chat; posting it again', { id });
    return this.post(id, model, at);
  }
}

/** What a notification is about, for a log line: the request, session or digest day. Pure. */
export function notificationSubject(n: Notification): Record<string, string> {
  if (n.kind === 'session-ended') return { kind: n.kind, session: n.summary.sessionId };
  if (n.kind === 'digest') return { kind: n.kind, date: n.digest.day.date };
  return { kind: n.kind, id: n.request.id };
}
