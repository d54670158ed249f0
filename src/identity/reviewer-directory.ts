import type { IdentityConfig } from '../config/types.js';
import type { Identity } from '../core/identity.js';
import { reviewerKey } from './learned-reviewer.js';

export type Reviewer = Pick<Identity, 'name' | 'groups'>;

/** Finds a reviewer's identity by the email (or UPN) a chat profile shows. */
export interface ReviewerDirectory {
  /** Rejects with ApprovalsUnavailableError when the learned identities can't be read (Redis away). */
  byEmail(email: string): Promise<Reviewer | undefined>;
  /** What to tell someone `byEmail` does not know: how they could become known. */
  readonly unknownHint: string;
}

/** Reviewers the IdP vouched for at their last sign-in (see LearnedReviewers). */
export interface LearnedReviewerSource {
  byName(name: string): Promise<Reviewer | undefined>;
}

const CONFIG_HINT = 'ask an Airlock admin to add it to identity.people';
const SIGN_IN_HINT = 'run `airlock login` (your identity provider sign-in), then try again; or ' + CONFIG_HINT;

/**
 * Reviewers are the configured identities (tokens and token-less `people`) whose name is an email,
 * then, when the IdP is configured, whoever recently signed in to the review API with an IdP token
 * under that email: groups are defined once, at the IdP. A configured identity wins over a learned
 * one of the same name. Emails compare case-insensitively, as mail systems and chat profiles treat
 * them; a name configured twice gets the union of its groups, so splitting an entry never takes a
 * permission away silently.
 */
export function reviewerDirectory(identity: Pick<IdentityConfig, 'tokens' | 'people'>, learned?: LearnedReviewerSource): ReviewerDirectory {
  const configured = new Map<string, { name: string; groups: Set<string> }>();
  for (const { name, groups } of [...identity.tokens, ...identity.people]) {
    const key = reviewerKey(name);
    const entry = configured.get(key) ?? { name, groups: new Set<string>() };
    for (const g of groups) entry.groups.add(g);
    configured.set(key, entry);
  }
  return {
    async byEmail(email) {
      const entry = configured.get(reviewerKey(email));
      if (entry) return { name: entry.name, groups: [...entry.groups] };
      return learned?.byName(email);
    },
    unknownHint: learned ? SIGN_IN_HINT : CONFIG_HINT,
  };
}
