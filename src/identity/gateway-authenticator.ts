import type { IdentityConfig } from '../config/types.js';
import type { Authenticator, ScramCredential } from '../core/identity.js';
import { CompositeAuthenticator } from './composite-authenticator.js';
import { OidcAuthenticator } from './oidc-authenticator.js';
import { StaticTokenAuthenticator } from './static-token-authenticator.js';

export interface GatewayAuthenticator extends Authenticator {
  /** The SCRAM verifier for a Postgres startup user, or undefined when that user logs in with a cleartext token. */
  scramCredential(user: string): ScramCredential | undefined;
}

/** Static tokens, then the OIDC provider's tokens when one is configured. */
export function gatewayAuthenticator(identity: IdentityConfig): GatewayAuthenticator {
  const tokens = new StaticTokenAuthenticator(identity.tokens, { openNames: identity.oidc !== undefined });
  if (!identity.oidc) return tokens;
  const all = new CompositeAuthenticator([tokens, new OidcAuthenticator(identity.oidc)]);
  return { authenticate: (secret) => all.authenticate(secret), scramCredential: (user) => tokens.scramCredential(user) };
}
