import { decodeJwt, decodeProtectedHeader } from 'jose';
import { OIDC_REASON } from './oidc-reasons.js';

/** Signature algorithms accepted on IdP tokens: asymmetric only, so nobody holding a shared secret can mint one. */
export const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'] as const;

const ALLOWED: ReadonlySet<string> = new Set(ALLOWED_ALGORITHMS);

export type TokenShape = { readonly kind: 'jwt'; readonly alg: string; readonly iss: unknown } | { readonly kind: 'opaque' };

/** Whether a secret is a JWS-compact JWT (read, not verified) or an opaque token. */
export function tokenShape(secret: string): TokenShape {
  if (secret.split('.').length !== 3) return { kind: 'opaque' };
  try {
    const header = decodeProtectedHeader(secret);
    return { kind: 'jwt', alg: typeof header.alg === 'string' ? header.alg : '', iss: decodeJwt(secret).iss };
  } catch {
    return { kind: 'opaque' };
  }
}

/**
 * Refusals decidable from the unverified header and payload, before any key is fetched: a token
 * of another issuer must not make the gateway fetch keys, and a clear reason beats "bad signature".
 */
export function precheckJwt(shape: Extract<TokenShape, { kind: 'jwt' }>, issuer: string): string | undefined {
  if (!ALLOWED.has(shape.alg)) return OIDC_REASON.disallowedAlgorithm;
  if (shape.iss !== issuer) return OIDC_REASON.unknownIssuer;
  return undefined;
}
