import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWKS_COOLDOWN_MS } from '../../src/identity/oidc-discovery.js';
import { startTestGateway, type TestGateway } from '../gateway-postgres/harness.js';
import { AUDIENCE, CLIENTS, GATEWAY_CLIENT, signingKey, startIdp, type TestIdp } from './idp.js';
import { claims, hs256, now, signed, tampered, unsigned } from './tokens.js';

let idp: TestIdp;
let gw: TestGateway;
beforeAll(async () => {
  idp = await startIdp(await signingKey('key-1'));
  gw = await startTestGateway({
    approvals: {},
    // Running sessions' opaque tokens are introspected again every half second here (60 s by default).
    oidc: { issuer: idp.issuer, audience: AUDIENCE, groupsClaim: 'groups', clientId: GATEWAY_CLIENT.id, clientSecret: GATEWAY_CLIENT.secret, recheckEvery: 500 },
  });
});
afterAll(async () => {
  await gw?.close();
  await idp?.stop();
});

const select = (token: string, user: string = CLIENTS.jwt.email) => gw.psql(['-c', 'SELECT 6 * 7'], { token, user });
const reviews = (token: string) => fetch(`http://127.0.0.1:${gw.httpPort}/api/reviews`, { headers: { authorization: `Bearer ${token}` } });

/** The SQLSTATE and message a Postgres client gets for a login with `token`. */
async function loginError(token: string): Promise<{ code?: string; message: string }> {
  const client = new pg.Client({ host: '127.0.0.1', port: gw.port, database: 'prod', user: CLIENTS.jwt.email, password: token });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    return err as { code?: string; message: string };
  } finally {
    await client.end().catch(() => undefined);
  }
  throw new Error('login succeeded');
}

describe('OIDC access tokens through the gateway', () => {
  it('logs psql in with an IdP JWT as the email identity, and the audit names it with source oidc', async () => {
    const token = await idp.token(CLIENTS.jwt);
    const result = await select(token);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('42');
    const start = (await gw.auditEvents()).find((e) => e.type === 'session.start' && e.identity === CLIENTS.jwt.email);
    expect(start?.data).toMatchObject({ source: 'oidc', auth: 'password', groups: ['agents', 'dba'] });
  });

  it('serves the review API to a bearer IdP JWT', async () => {
    const res = await reviews(await idp.token(CLIENTS.jwt));
    expect(res.status).toBe(200);
  });

  it('keeps the rule that the startup user must be the token identity', async () => {
    const result = await select(await idp.token(CLIENTS.jwt), CLIENTS.opaque.email);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`user "${CLIENTS.opaque.email}" does not match the token's identity "${CLIENTS.jwt.email}"`);
  });

  const refusals: Array<[string, () => Promise<string>, string]> = [
    ['a token for another audience', () => idp.token(CLIENTS.jwt, 'https://other-api.test/'), 'token is for another audience'],
    ['an expired token', () => signed(idp.key, claims(idp.issuer, { iat: now() - 600, exp: now() - 60 })), 'token expired'],
    ['a token not yet valid', () => signed(idp.key, claims(idp.issuer, { nbf: now() + 600 })), 'token not yet valid'],
    ['an alg: none token', async () => unsigned(claims(idp.issuer)), 'token signed with a disallowed algorithm'],
    ['an HS256 token', () => hs256(GATEWAY_CLIENT.secret, claims(idp.issuer)), 'token signed with a disallowed algorithm'],
    ['a tampered token', async () => tampered(await idp.token(CLIENTS.jwt), { groups: ['admins'] }), 'token signature does not verify'],
    ['a token from an unknown issuer', async () => signed(await signingKey('elsewhere'), claims('http://127.0.0.1:1/other')), 'token from an unknown issuer'],
  ];
  it.each(refusals)('refuses %s with a reason that does not quote it (psql FATAL 28P01, HTTP 401)', async (_what, make, reason) => {
    const token = await make();
    const result = await select(token);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`FATAL:  airlock: authentication failed: ${reason}`);
    expect(result.stderr).not.toContain(token);
    const err = await loginError(token);
    expect(err.code).toBe('28P01');
    expect(err.message).not.toContain(token);
    expect((await reviews(token)).status).toBe(401);
    expect(gw.logs.join('\n')).not.toContain(token);
  });

  it('accepts an opaque token via introspection, and refuses it once revoked', async () => {
    const token = await idp.token(CLIENTS.opaque);
    expect(token.split('.')).toHaveLength(1);
    const ok = await select(token, CLIENTS.opaque.email);
    expect(ok.stdout.trim()).toBe('42');
    expect((await reviews(token)).status).toBe(200);

    await idp.revoke(CLIENTS.opaque, token);
    // A new connection may reuse the last answer for a moment (never longer than recheckEvery, 500 ms here).
    await new Promise((r) => setTimeout(r, 600));
    const refused = await select(token, CLIENTS.opaque.email);
    expect(refused.stderr).toContain('FATAL:  airlock: authentication failed: token is not active at the identity provider');
    expect(refused.stderr).not.toContain(token);
    expect((await reviews(token)).status).toBe(401);
  });

  it('ends a session whose opaque token is revoked, at a statement after the re-check saw it', async () => {
    const token = await idp.token(CLIENTS.opaque);
    const run = gw.psql([], { token, user: CLIENTS.opaque.email, input: 'SELECT 1;\n\\! sleep 1\nSELECT 2;\n\\! sleep 1\nSELECT 3;\n' });
    await new Promise((r) => setTimeout(r, 300));
    await idp.revoke(CLIENTS.opaque, token);
    const result = await run;
    expect(result.stdout.trim().split('\n')).toEqual(['1', '2']);
    expect(result.stderr).toContain('FATAL:  airlock: your token was revoked at the identity provider; log in again');
  });

  it('ends a session at the first statement after its token expired, with the expired-token FATAL', async () => {
    const token = await signed(idp.key, claims(idp.issuer, { exp: now() + 2 }));
    const result = await gw.psql([], { token, user: CLIENTS.jwt.email, input: 'SELECT 1;\n\\! sleep 3\nSELECT 2;\n' });
    expect(result.stdout.trim()).toBe('1');
    expect(result.stderr).toContain('FATAL:  airlock: your token has expired; reconnect with a fresh one');
  });

  it('accepts tokens signed with a rotated key once the IdP publishes it', async () => {
    expect((await select(await idp.token(CLIENTS.jwt))).stdout.trim()).toBe('42');
    idp = await idp.restart(await signingKey('key-2'));
    // A kid the cached key set lacks triggers a refetch, at most once per cooldown.
    await new Promise((r) => setTimeout(r, JWKS_COOLDOWN_MS));
    const token = await idp.token(CLIENTS.jwt);
    const result = await select(token);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('42');
  });
});
