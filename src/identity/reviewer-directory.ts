import type { IdentityConfig } from '../config/types.js';
import type { Identity } from '../core/identity.js';

export type Reviewer = Pick<Identity, 'name' | 'groups'>;

/** Finds a reviewer's identity by the email a chat profile shows. */
export interface ReviewerDirectory {
  byEmail(email: string): Reviewer | undefined;
}

/**
 * Reviewers are the configured identities (tokens and token-less `people`) whose name is an email.
 * Emails compare case-insensitively, as mail systems and chat profiles treat them; a name listed twice
 * gets the union of its groups, so splitting an entry never takes a permission away silently.
 */
export function reviewerDirectory(identity: Pick<IdentityConfig, 'tokens' | 'people'>): ReviewerDirectory {
  const byEmail = new Map<string, { name: string; groups: Set<string> }>();
  for (const { name, groups } of [...identity.tokens, ...identity.people]) {
    const key = name.toLowerCase();
    const entry = byEmail.get(key) ?? { name, groups: new Set<string>() };
    for (const g of groups) entry.groups.add(g);
    byEmail.set(key, entry);
  }
  return {
    byEmail(email) {
      const entry = byEmail.get(email.trim().toLowerCase());
      return entry && { name: entry.name, groups: [...entry.groups] };
    },
  };
}
