import { Redis } from 'ioredis';
import type { Identity } from '../core/identity.js';
import { ApprovalsUnavailableError, COMMAND_TIMEOUT_MS } from '../queue/redis-connection.js';
import { freshReviewer, learnedReviewer, reviewerKey, type LearnedReviewer } from './learned-reviewer.js';

export interface LearnedReviewersOptions {
  readonly redisUrl: string;
  /** Key namespace, shared with the approvals core so one deployment's instances share the records. */
  readonly prefix: string;
  /** How long a sign-in counts (identity.oidc.reviewerTtl). */
  readonly ttlMs: number;
  readonly now?: () => number;
}

/**
 * Reviewers' identities as the IdP last vouched for them, kept in Redis so every gateway instance
 * sees the same records and they survive restarts. A record expires `ttlMs` after the sign-in that
 * wrote it; a later sign-in overwrites it, so group changes at the IdP arrive with the next one.
 */
export class LearnedReviewers {
  readonly #redis: Redis;
  readonly #now: () => number;

  constructor(private readonly opts: LearnedReviewersOptions) {
    // Lazy: the gateway starts without Redis; commands fail within the timeout while it is away.
    this.#redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, commandTimeout: COMMAND_TIMEOUT_MS });
    this.#redis.on('error', () => undefined); // surfaced as failed commands
    this.#now = opts.now ?? Date.now;
  }

  #key(name: string): string {
    return `${this.opts.prefix}:reviewer:${reviewerKey(name)}`;
  }

  /** Records a sign-in; resolves with the record written. */
  async remember(identity: Pick<Identity, 'name' | 'groups'>): Promise<LearnedReviewer> {
    const record = learnedReviewer(identity, this.#now(), this.opts.ttlMs);
    await this.#redis.set(this.#key(identity.name), JSON.stringify(record), 'PXAT', record.until);
    return record;
  }

  /** The reviewer last signed in under this name (any case), unless that was longer ago than the TTL. */
  async byName(name: string): Promise<LearnedReviewer | undefined> {
    let stored: string | null;
    try {
      stored = await this.#redis.get(this.#key(name));
    } catch {
      throw new ApprovalsUnavailableError();
    }
    return freshReviewer(stored, this.#now());
  }

  close(): void {
    this.#redis.disconnect();
  }
}
