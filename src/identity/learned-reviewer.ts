import { identityKey, type Identity } from '../core/identity.js';

/**
 * What the gateway remembers of a reviewer's last sign-in with an IdP token: the identity and groups
 * the token carried, when that was, and until when chat clicks may rely on it. Never the token.
 */
export interface LearnedReviewer {
  readonly name: string;
  readonly groups: readonly string[];
  /** Epoch ms of the sign-in. */
  readonly seenAt: number;
  /** Epoch ms after which the record means nothing (`seenAt` + the configured reviewer TTL). */
  readonly until: number;
}

/** The record a sign-in at `now` leaves. */
export function learnedReviewer(identity: Pick<Identity, 'name' | 'groups'>, now: number, ttlMs: number): LearnedReviewer {
  return { name: identity.name, groups: [...identity.groups], seenAt: now, until: now + ttlMs };
}

/** Emails and IdP names compare as identity names do, ignoring stray whitespace around a chat profile's email. */
export const reviewerKey = (name: string) => identityKey(name.trim());

/**
 * A stored record, or undefined when it is stale or not one of ours. Staleness is
 * checked here as well as by the store's expiry, so a record can't outlive its TTL on any instance.
 */
export function freshReviewer(stored: string | null, now: number): LearnedReviewer | undefined {
  if (stored === null) return undefined;
  let r: Partial<LearnedReviewer>;
  try {
    r = JSON.parse(stored) as Partial<LearnedReviewer>;
  } catch {
    return undefined;
  }
  const { name, groups, seenAt, until } = r;
  const valid = typeof name === 'string' && Array.isArray(groups) && groups.every((g) => typeof g === 'string') && typeof seenAt === 'number' && typeof until === 'number';
  return valid && until > now ? { name, groups: [...groups], seenAt, until } : undefined;
}
