import { jwtVerify } from 'jose';
import { ResponseBodyError, tokenIntrospection, WWWAuthenticateChallengeError } from 'openid-client';
import type { AuthResult, Authenticator, RecheckResult } from '../core/identity.js';
import { DEFAULT_TOKEN_RECHECK_MS, type OidcConfig } from '../config/types.js';
import { IntrospectionCache } from './introspection-cache.js';
import { identityFromClaims, identityFromIntrospection } from './oidc-claims.js';
import { IdpDiscovery, type IdpEndpoints } from './oidc-discovery.js';
import { jwtFailureReason, OIDC_REASON } from './oidc-reasons.js';
import { ALLOWED_ALGORITHMS, precheckJwt, tokenShape } from './oidc-token-shape.js';

/** How long an introspection answer is reused for new connections with the same token (at most). */
export const INTROSPECTION_CACHE_MS = 30_000;
const INTROSPECTION_CACHE_ENTRIES = 1000;

/**
 * Access tokens from an OpenID Connect provider: JWTs are verified locally against the issuer's
 * published keys; opaque tokens are introspected (RFC 7662) when the gateway has a client there.
 * An unreachable IdP refuses the login with a reason; it never throws.
 */
export class OidcAuthenticator implements Authenticator {
  readonly #idp: IdpDiscovery;
  readonly #introspections: IntrospectionCache;

  constructor(private readonly oidc: OidcConfig) {
    this.#idp = new IdpDiscovery(oidc);
    // Never longer than the re-check interval, so a new connection is as current as a running session.
    const ttlMs = Math.min(INTROSPECTION_CACHE_MS, oidc.recheckEvery ?? DEFAULT_TOKEN_RECHECK_MS);
    this.#introspections = new IntrospectionCache({ ttlMs, maxEntries: INTROSPECTION_CACHE_ENTRIES });
  }

  async authenticate(secret: string): Promise<AuthResult> {
    const shape = tokenShape(secret);
    if (shape.kind === 'jwt') {
      const refused = precheckJwt(shape, this.oidc.issuer);
      if (refused) return { ok: false, reason: refused };
    } else if (this.oidc.clientId === undefined) {
      return { ok: false, reason: OIDC_REASON.opaqueNotAccepted };
    }
    let idp: IdpEndpoints;
    try {
      idp = await this.#idp.endpoints();
    } catch {
      return { ok: false, reason: OIDC_REASON.unreachable };
    }
    return shape.kind === 'jwt' ? this.#verifyJwt(secret, idp.keys) : this.#opaque(secret, idp.client);
  }

  async #verifyJwt(token: string, keys: IdpEndpoints['keys']): Promise<AuthResult> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: this.oidc.issuer,
        audience: this.oidc.audience,
        algorithms: [...ALLOWED_ALGORITHMS],
        // Sessions end when the token does, so a token must say when that is.
        requiredClaims: ['exp'],
      });
      return identityFromClaims(payload, this.oidc.groupsClaim);
    } catch (err) {
      return { ok: false, reason: jwtFailureReason(err) };
    }
  }

  /** An opaque token's identity (from the cache when it was introspected moments ago), re-checkable at the IdP. */
  async #opaque(token: string, client: IdpEndpoints['client']): Promise<AuthResult> {
    const introspect = () => this.#introspect(token, client);
    const result = await this.#introspections.get(token, introspect);
    if (!result.ok) return result;
    // An IdP that doesn't answer is not a revocation: running sessions keep going until their tokens expire.
    const recheck = async (): Promise<RecheckResult> => {
      const again = await this.#introspections.refresh(token, introspect);
      return again.ok ? 'active' : again.reason === OIDC_REASON.unreachable ? 'unknown' : 'revoked';
    };
    return { ...result, recheck };
  }

  async #introspect(token: string, client: IdpEndpoints['client']): Promise<AuthResult> {
    let response;
    try {
      response = await tokenIntrospection(client, token);
    } catch (err) {
      // An OAuth error answer (e.g. invalid_client) is a configuration problem; anything else means no answer.
      const answered = err instanceof ResponseBodyError || err instanceof WWWAuthenticateChallengeError;
      return { ok: false, reason: answered ? OIDC_REASON.introspectionRefused : OIDC_REASON.unreachable };
    }
    return identityFromIntrospection(response, this.oidc);
  }
}
