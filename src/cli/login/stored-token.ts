import { CliError } from '../cli-error.js';
import { storeKey, tokensPath, TokenStore, type StoredTokens } from './token-store.js';

/** A stored token is used for the gateway only while it stays valid this long, so a request doesn't race its expiry. */
const MARGIN_S = 10;

/**
 * The access token `airlock login` stored, for review and audit commands run without AIRLOCK_TOKEN:
 * the login for AIRLOCK_OIDC_ISSUER and AIRLOCK_OIDC_CLIENT_ID when both are set, else the only one
 * stored. An expired one is not refreshed here: `airlock login` does that without asking again.
 */
export async function storedAccessToken(env: NodeJS.ProcessEnv): Promise<string> {
  const store = new TokenStore(tokensPath(env));
  const issuer = env.AIRLOCK_OIDC_ISSUER;
  const clientId = env.AIRLOCK_OIDC_CLIENT_ID;
  const logins = issuer && clientId ? [await store.get(storeKey(issuer, clientId))].filter((t): t is StoredTokens => t !== undefined) : await store.all();
  const none = 'AIRLOCK_TOKEN is not set and airlock login has stored no token; run airlock login, or set AIRLOCK_TOKEN to your bearer token for the gateway';
  const [login, ...others] = logins;
  if (!login) throw new CliError(issuer && clientId ? `${none} (looked for ${issuer}, client ${clientId})` : none);
  if (others.length > 0) throw new CliError(`AIRLOCK_TOKEN is not set and ${store.path} holds several logins; set AIRLOCK_OIDC_ISSUER and AIRLOCK_OIDC_CLIENT_ID to pick one`);
  if (login.expiresAt === undefined || login.expiresAt - Date.now() / 1000 < MARGIN_S) {
    throw new CliError('your stored login has expired; run airlock login to refresh it');
  }
  return login.accessToken;
}
