import type { AuthResult } from '../core/identity.js';
import type { OidcConfig } from '../config/types.js';
import { OIDC_REASON } from './oidc-reasons.js';

/** The identity a verified token's claims describe: named by email, else preferred_username, else sub. */
export function identityFromClaims(claims: Readonly<Record<string, unknown>>, groupsClaim: string): AuthResult {
  const name = [claims.email, claims.preferred_username, claims.sub].find((c): c is string => typeof c === 'string' && c !== '');
  if (name === undefined) return { ok: false, reason: OIDC_REASON.noName };
  const exp = claims.exp;
  return {
    ok: true,
    identity: Object.freeze({
      name,
      groups: Object.freeze(groupsOf(claims[groupsClaim])),
      source: 'oidc' as const,
      ...(typeof exp === 'number' ? { expiresAt: new Date(exp * 1000) } : {}),
    }),
  };
}

/** A list of group names, or one group as a string; anything else carries no groups. */
function groupsOf(claim: unknown): string[] {
  if (typeof claim === 'string') return claim === '' ? [] : [claim];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === 'string' && g !== '');
  return [];
}

/**
 * An RFC 7662 introspection answer as an identity. `active` vouches for signature and lifetime;
 * issuer and audience are still checked, as for a JWT, so a token minted for another API is refused.
 */
export function identityFromIntrospection(response: Readonly<Record<string, unknown>>, oidc: Pick<OidcConfig, 'issuer' | 'audience' | 'groupsClaim'>): AuthResult {
  if (response.active !== true) return { ok: false, reason: OIDC_REASON.inactive };
  if (response.iss !== undefined && response.iss !== oidc.issuer) return { ok: false, reason: OIDC_REASON.unknownIssuer };
  const aud = response.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(oidc.audience)) return { ok: false, reason: OIDC_REASON.wrongAudience };
  return identityFromClaims(response, oidc.groupsClaim);
}
