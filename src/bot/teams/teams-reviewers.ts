import type { ConnectorClient } from '@microsoft/agents-hosting';
import type { Reviewer, ReviewerDirectory } from '../../identity/reviewer-directory.js';

export type ReviewerLookup = { readonly ok: true; readonly reviewer: Reviewer } | { readonly ok: false; readonly message: string };

/** Who clicked, as the invoke activity says: the Teams user id, and the AAD object id when Teams sends it. */
export interface Clicker {
  readonly id: string;
  readonly aadObjectId?: string;
  /** The conversation the card is in; members are looked up there. */
  readonly conversation: string;
}

/** Profiles change rarely; a short cache keeps a burst of clicks off the roster API. */
const CACHE_MS = 5 * 60_000;

/** The roster fields Teams returns for a member (TeamsChannelAccount); the SDK's type carries fewer. */
interface TeamsMember {
  readonly aadObjectId?: string;
  readonly userPrincipalName?: string;
  readonly email?: string;
}

type SignIn = { readonly ok: true; readonly upn: string } | { readonly ok: false; readonly message: string };

/**
 * Who a Teams user is to Airlock: their UPN (or email) from the conversation roster names an Airlock
 * identity, whose groups decide what they may review. The display name on the activity is never
 * trusted; the roster entry must belong to the AAD object the activity names. Only the roster answer
 * is cached: the directory is asked on every click, so someone who just signed in is known at once.
 */
export class TeamsReviewers {
  private readonly cache = new Map<string, { readonly until: number; readonly signIn: SignIn }>();

  constructor(
    private readonly directory: ReviewerDirectory,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(connector: ConnectorClient, clicker: Clicker): Promise<ReviewerLookup> {
    const signIn = await this.signIn(connector, clicker);
    if (!signIn.ok) return signIn;
    const reviewer = await this.directory.byEmail(signIn.upn);
    if (!reviewer) return { ok: false, message: `you can't review Airlock requests: ${signIn.upn} is not an Airlock identity; ${this.directory.unknownHint}` };
    return { ok: true, reviewer };
  }

  private async signIn(connector: ConnectorClient, clicker: Clicker): Promise<SignIn> {
    const key = clicker.aadObjectId ?? clicker.id;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.signIn;
    const member = (await connector.getConversationMember(clicker.id, clicker.conversation)) as TeamsMember;
    const upn = member.userPrincipalName ?? member.email;
    const signIn: SignIn =
      clicker.aadObjectId !== undefined && member.aadObjectId !== clicker.aadObjectId
        ? { ok: false, message: "you can't review Airlock requests: Teams did not confirm who you are" }
        : upn
          ? { ok: true, upn }
          : { ok: false, message: "you can't review Airlock requests: your Teams profile shows no sign-in name to match an Airlock identity" };
    this.cache.set(key, { until: this.now() + CACHE_MS, signIn });
    return signIn;
  }
}
