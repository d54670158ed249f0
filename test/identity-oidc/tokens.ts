import { SignJWT, base64url, type JWTPayload } from 'jose';
import { AUDIENCE, CLIENTS, type SigningKey } from './idp.js';

export const now = () => Math.floor(Date.now() / 1000);

/** Claims like the IdP's own access tokens for the JWT client, with `overrides` applied. */
export function claims(issuer: string, overrides: JWTPayload = {}): JWTPayload {
  return { iss: issuer, aud: AUDIENCE, sub: CLIENTS.jwt.id, email: CLIENTS.jwt.email, groups: [...CLIENTS.jwt.groups], iat: now(), exp: now() + 600, ...overrides };
}

/** A token signed with the IdP's own key, with claims the IdP would not choose (expired, short-lived, not yet valid…). */
export function signed(key: SigningKey, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' }).sign(key.privateKey);
}

export function hs256(secret: string, payload: JWTPayload): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}

/** An unsecured JWT (`alg: none`, empty signature). */
export function unsigned(payload: JWTPayload): string {
  const part = (o: object) => base64url.encode(JSON.stringify(o));
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

/** The same signature over a payload claiming another identity. */
export function tampered(jwt: string, overrides: JWTPayload): string {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const claimsIn = JSON.parse(new TextDecoder().decode(base64url.decode(payload))) as JWTPayload;
  return `${header}.${base64url.encode(JSON.stringify({ ...claimsIn, ...overrides }))}.${signature}`;
}
