import { errors } from 'jose';

/**
 * Why an IdP token was refused, as the agent reads it after "authentication failed: ". Each is a
 * fixed phrase: nothing from the token (or from an error that might quote it) is ever echoed.
 */
export const OIDC_REASON = {
  expired: 'token expired',
  notYetValid: 'token not yet valid',
  wrongAudience: 'token is for another audience',
  unknownIssuer: 'token from an unknown issuer',
  badSignature: 'token signature does not verify',
  disallowedAlgorithm: 'token signed with a disallowed algorithm (only asymmetric ones are accepted)',
  malformed: 'malformed token',
  missingExpiry: 'token has no expiry (exp)',
  noName: 'token names no identity (no email, preferred_username or sub)',
  inactive: 'token is not active at the identity provider (unknown, expired or revoked)',
  // Also what a mistyped static token gets once OIDC is on, so it reads right for both.
  opaqueNotAccepted: 'invalid token (not a configured token, and opaque IdP tokens need identity.oidc.clientId for introspection)',
  introspectionRefused: 'the identity provider refused to introspect the token (check identity.oidc.clientId and clientSecret)',
  unreachable: 'identity provider unreachable; try again shortly',
} as const;

/** Maps a failure of jose's `jwtVerify` (against a remote JWK set) to a reason. */
export function jwtFailureReason(err: unknown): string {
  if (err instanceof errors.JWTExpired) return OIDC_REASON.expired;
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'nbf':
      case 'iat':
        return OIDC_REASON.notYetValid;
      case 'aud':
        return OIDC_REASON.wrongAudience;
      case 'iss':
        return OIDC_REASON.unknownIssuer;
      case 'exp':
        return OIDC_REASON.missingExpiry;
      default:
        return OIDC_REASON.malformed;
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return OIDC_REASON.disallowedAlgorithm;
  // No published key matches the token's kid (after a refetch, which covers key rotation).
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return OIDC_REASON.badSignature;
  }
  // The JWK set could not be fetched: a timeout, a non-200 answer (plain JOSEError) or a network error.
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || !(err instanceof errors.JOSEError) || err.code === 'ERR_JOSE_GENERIC') {
    return OIDC_REASON.unreachable;
  }
  return OIDC_REASON.malformed;
}
