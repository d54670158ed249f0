import type { Identity } from '../core/identity.js';

/** The token from an `Authorization: Bearer …` header, or null when there is none. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

/** True when no groups are required or the identity belongs to at least one of them; an empty list admits no one. */
export function inAnyGroup(identity: Identity, groups: readonly string[] | undefined): boolean {
  return !groups || groups.some((g) => identity.groups.includes(g));
}
