import type { WebClient } from '@slack/web-api';
import type { Reviewer, ReviewerDirectory } from '../../identity/reviewer-directory.js';

export type ReviewerLookup = { readonly ok: true; readonly reviewer: Reviewer } | { readonly ok: false; readonly message: string };

type Profile = { readonly ok: true; readonly email: string } | { readonly ok: false; readonly message: string };

/** Profiles change rarely; a short cache keeps a burst of clicks from hitting users.info's rate limit. */
const CACHE_MS = 5 * 60_000;

/**
 * Who a Slack user is to Airlock: the email on their Slack profile (`users.info`, which needs the
 * `users:read.email` scope) names an identity in the directory, whose groups decide what they may
 * review. The Slack display name is never trusted: anyone can set it. Only the profile is cached:
 * the directory is asked on every click, so a fresh `airlock login` counts at once and an aged-out
 * sign-in stops counting at once.
 */
export class SlackReviewers {
  private readonly cache = new Map<string, { readonly until: number; readonly profile: Profile }>();

  constructor(
    private readonly client: WebClient,
    private readonly directory: ReviewerDirectory,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(userId: string): Promise<ReviewerLookup> {
    const profile = await this.profile(userId);
    if (!profile.ok) return profile;
    const reviewer = await this.directory.byEmail(profile.email);
    if (!reviewer) return { ok: false, message: `you can't review Airlock requests: ${profile.email} is not an Airlock identity; ${this.directory.unknownHint}` };
    return { ok: true, reviewer };
  }

  private async profile(userId: string): Promise<Profile> {
    const cached = this.cache.get(userId);
    if (cached && cached.until > this.now()) return cached.profile;
    const profile = await this.fetchProfile(userId);
    this.cache.set(userId, { until: this.now() + CACHE_MS, profile });
    return profile;
  }

  private async fetchProfile(userId: string): Promise<Profile> {
    const { user } = await this.client.users.info({ user: userId });
    if (!user || user.deleted || user.is_bot) return { ok: false, message: "you can't review Airlock requests: this Slack account is not a person's" };
    const email = user.profile?.email;
    if (!email) return { ok: false, message: "you can't review Airlock requests: your Slack profile shows no email to match an Airlock identity" };
    return { ok: true, email };
  }
}
