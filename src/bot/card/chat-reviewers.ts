import type { Reviewer, ReviewerDirectory } from '../../identity/reviewer-directory.js';

export type ReviewerLookup = { readonly ok: true; readonly reviewer: Reviewer } | { readonly ok: false; readonly message: string };

/** Who a chat profile says a user is: the email (or UPN) to look up, or why there is none. */
export type ChatSignIn = { readonly ok: true; readonly email: string } | { readonly ok: false; readonly message: string };

/** Profiles change rarely; a short cache keeps a burst of clicks off the chat's profile API and its rate limit. */
const CACHE_MS = 5 * 60_000;

/**
 * Who a chat user is to Airlock: the email their chat profile shows names an identity in the
 * directory, whose groups decide what they may review. Only the profile is cached: the directory is
 * asked on every click, so a fresh `airlock login` counts at once and an aged-out sign-in stops
 * counting at once. `Who` is what a chat needs to fetch a profile; `keyOf` names the user for the cache.
 */
export class ChatReviewers<Who> {
  private readonly cache = new Map<string, { readonly until: number; readonly signIn: ChatSignIn }>();

  constructor(
    private readonly directory: ReviewerDirectory,
    private readonly keyOf: (who: Who) => string,
    private readonly fetchSignIn: (who: Who) => Promise<ChatSignIn>,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(who: Who): Promise<ReviewerLookup> {
    const signIn = await this.signIn(who);
    if (!signIn.ok) return signIn;
    const reviewer = await this.directory.byEmail(signIn.email);
    if (!reviewer) return { ok: false, message: `you can't review Airlock requests: ${signIn.email} is not an Airlock identity; ${this.directory.unknownHint}` };
    return { ok: true, reviewer };
  }

  private async signIn(who: Who): Promise<ChatSignIn> {
    const key = this.keyOf(who);
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.signIn;
    const signIn = await this.fetchSignIn(who);
    this.cache.set(key, { until: this.now() + CACHE_MS, signIn });
    return signIn;
  }
}
