import { createHash } from 'node:crypto';

const PREFIX = 'sha256:';
const HASHED = /^sha256:[0-9a-f]{64}$/i;

/** `sha256:<hex>` of a token, the only form in which tokens are kept in memory or config. */
export function hashToken(token: string): string {
  return PREFIX + createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A configured token as its hash: `sha256:<hex>` is taken as-is, anything else is hashed. */
export function configuredTokenHash(configured: string): string {
  if (!configured.startsWith(PREFIX)) return hashToken(configured);
  if (!HASHED.test(configured)) throw new Error('a sha256: token must be followed by 64 hex digits');
  return configured.toLowerCase();
}

/** Whether a configured token is given only as its hash (so nothing else can be derived from it). */
export const isConfiguredAsHash = (configured: string): boolean => configured.startsWith(PREFIX);
