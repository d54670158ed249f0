import type { WebClient } from '@slack/web-api';
import type { Reviewer, ReviewerDirectory } from '../../identity/reviewer-directory.js';

export type ReviewerLookup = { readonly ok: true; readonly reviewer: Reviewer } | { readonly ok: false; readonly message: string };

/** Profiles change rarely; a short cache keeps a burst of clicks from hitting users.info's rate limit. */
const CACHE_MS = 5 * 60_000;

/**
 * Who a Slack user is to Airlock: the email on their Slack profile (`users.info`, which needs the
 * `users:read.email` scope) names a configured identity, whose groups decide what they may review.
 * The Slack display name is never trusted: anyone can set it.
 */
export class SlackReviewers {
  private readonly cache = new Map<string, { readonly until: number; readonly found: ReviewerLookup }>();

  constructor(
    private readonly client: WebClient,
    private readonly directory: ReviewerDirectory,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(userId: string): Promise<ReviewerLookup> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > this.now()) return cached.found;
    const found = await this.resolve(userId);
    this.cache.set(userId, { until: this.now() + CACHE_MS, found });
    return found;
  }

  private async resolve(userId: string): Promise<ReviewerLookup> {
    const { user } = await this.client.users.info({ user: userId });
    if (!user || user.deleted || user.is_bot) return { ok: false, message: "you can't review Airlock requests: this Slack account is not a person's" };
    const email = user.profile?.email;
    if (!email) return { ok: false, message: "you can't review Airlock requests: your Slack profile shows no email to match an Airlock identity" };
    const reviewer = this.directory.byEmail(email);
    if (!reviewer) return { ok: false, message: `you can't review Airlock requests: ${email} is not an Airlock identity` };
    return { ok: true, reviewer };
  }
}
