import type { Authenticator } from '../core/identity.js';
import type { Logger } from '../util/log.js';
import type { LearnedReviewers } from './learned-reviewers.js';

/**
 * Remembers who signed in with an IdP token (name and groups, never the token), so their chat
 * identity maps to it later. For the review API, where reviewers are the callers. A record that
 * can't be written (Redis away) costs the chat mapping, not the request.
 */
export function rememberingAuthenticator(inner: Authenticator, learned: Pick<LearnedReviewers, 'remember'>, log: Logger): Authenticator {
  return {
    async authenticate(secret) {
      const result = await inner.authenticate(secret);
      if (result.ok && result.identity.source === 'oidc') {
        await learned.remember(result.identity).catch((err: unknown) => log.warn('could not remember a reviewer sign-in', { identity: result.identity.name, error: err }));
      }
      return result;
    },
  };
}
