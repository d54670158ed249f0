import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { allowInsecureRequests, ClientSecretBasic, discovery, None, type Configuration } from 'openid-client';
import type { OidcConfig } from '../config/types.js';

/** What the gateway needs from an issuer's metadata. */
export interface IdpEndpoints {
  /** openid-client's view of the issuer, authenticated as the gateway's client when one is configured. */
  readonly client: Configuration;
  /** The issuer's signing keys; refetched on an unknown kid, which follows key rotation. */
  readonly keys: JWTVerifyGetKey;
}

const TIMEOUT_S = 5;
/**
 * Least time between two JWK set fetches caused by unknown kids (jose's default is 30 s). Short,
 * so a key the IdP starts using right after publishing works within seconds; nonzero, so forged
 * kids cannot make the gateway hammer the IdP.
 */
export const JWKS_COOLDOWN_MS = 5_000;

/**
 * Discovers the issuer once and keeps the result. A failed discovery is not kept, so the next
 * login retries it; concurrent logins share one attempt.
 */
export class IdpDiscovery {
  #endpoints: Promise<IdpEndpoints> | undefined;

  constructor(private readonly oidc: OidcConfig) {}

  endpoints(): Promise<IdpEndpoints> {
    this.#endpoints ??= this.#discover().catch((err: unknown) => {
      this.#endpoints = undefined;
      throw err;
    });
    return this.#endpoints;
  }

  async #discover(): Promise<IdpEndpoints> {
    const issuer = new URL(this.oidc.issuer);
    // The config accepts http:// issuers (development IdPs); openid-client refuses them unless told.
    const execute = issuer.protocol === 'http:' ? [allowInsecureRequests] : [];
    // Without a client of its own the gateway only verifies JWTs, for which any client id will do.
    const auth = this.oidc.clientSecret === undefined ? None() : ClientSecretBasic(this.oidc.clientSecret);
    const client = await discovery(issuer, this.oidc.clientId ?? 'airlock', undefined, auth, { execute, timeout: TIMEOUT_S });
    const jwksUri = client.serverMetadata().jwks_uri;
    if (!jwksUri) throw new Error(`issuer ${this.oidc.issuer} publishes no jwks_uri`);
    return { client, keys: createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: TIMEOUT_S * 1000, cooldownDuration: JWKS_COOLDOWN_MS }) };
  }
}
