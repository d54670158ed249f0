import { afterAll, describe, expect, it } from 'vitest';
import { OidcAuthenticator } from '../../src/identity/oidc-authenticator.js';
import { freePort } from '../support/ports.js';
import { AUDIENCE, CLIENTS, signingKey, startIdp, type TestIdp } from './idp.js';
import { claims, signed } from './tokens.js';

const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe('OidcAuthenticator', () => {
  it('refuses logins while the IdP is unreachable, and discovers it once it is back', async () => {
    const port = await freePort();
    const key = await signingKey('k');
    const issuer = `http://127.0.0.1:${port}`;
    const auth = new OidcAuthenticator({ issuer, audience: AUDIENCE, groupsClaim: 'groups' });
    const token = await signed(key, claims(issuer));
    expect(await auth.authenticate(token)).toEqual({ ok: false, reason: 'identity provider unreachable; try again shortly' });

    const idp: TestIdp = await startIdp(key, port);
    stops.push(() => idp.stop());
    expect(await auth.authenticate(token)).toMatchObject({ ok: true, identity: { name: CLIENTS.jwt.email, source: 'oidc' } });
  });

  it('refuses opaque tokens without a client to introspect them, and JWTs without exp', async () => {
    const idp = await startIdp(await signingKey('k'));
    stops.push(() => idp.stop());
    const auth = new OidcAuthenticator({ issuer: idp.issuer, audience: AUDIENCE, groupsClaim: 'groups' });
    const opaque = await idp.token(CLIENTS.opaque);
    const refused = await auth.authenticate(opaque);
    expect(refused).toMatchObject({ ok: false, reason: expect.stringContaining('opaque IdP tokens need identity.oidc.clientId') });
    expect(await auth.authenticate(await signed(idp.key, claims(idp.issuer, { exp: undefined })))).toEqual({ ok: false, reason: 'token has no expiry (exp)' });
  });
});
