import type { AuthResult, Authenticator } from '../core/identity.js';

/**
 * Tries each authenticator in order (static tokens, then OIDC, …); the first success wins. When all
 * refuse, the first reason from a source that recognized the secret is given (an expired IdP token
 * says "token expired", not the static tokens' "invalid token"), else the first reason.
 */
export class CompositeAuthenticator implements Authenticator {
  constructor(private readonly authenticators: readonly Authenticator[]) {}

  async authenticate(secret: string): Promise<AuthResult> {
    let firstFailure: AuthResult | undefined;
    let firstRecognized: AuthResult | undefined;
    for (const authenticator of this.authenticators) {
      let result: AuthResult;
      try {
        result = await authenticator.authenticate(secret);
      } catch {
        // Fail closed for this source (e.g. an unreachable IdP) while the others may still succeed.
        result = { ok: false, reason: 'authentication unavailable' };
      }
      if (result.ok) return result;
      firstFailure ??= result;
      if (!result.unrecognized) firstRecognized ??= result;
    }
    return firstRecognized ?? firstFailure ?? { ok: false, reason: 'invalid token' };
  }
}
