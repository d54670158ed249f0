import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../gateway-postgres/harness.js';
import { AUDIENCE, CLIENTS, GATEWAY_CLIENT, signingKey, startIdp, type TestIdp } from './idp.js';

// Opaque tokens are introspected at the IdP; a burst of connections with one token must not ask it
// each time, while a revocation still ends running sessions at their next re-check.
const RECHECK_MS = 5000;
let idp: TestIdp;
let gw: TestGateway;
beforeAll(async () => {
  idp = await startIdp(await signingKey('key-1'));
  gw = await startTestGateway({
    oidc: { issuer: idp.issuer, audience: AUDIENCE, groupsClaim: 'groups', clientId: GATEWAY_CLIENT.id, clientSecret: GATEWAY_CLIENT.secret, recheckEvery: RECHECK_MS },
  });
});
afterAll(async () => {
  await gw?.close();
  await idp?.stop();
});

async function connect(token: string): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: gw.port, database: 'prod', user: CLIENTS.opaque.email, password: token });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

describe('opaque token introspection', () => {
  it('asks the IdP once for a burst of connections with one token', async () => {
    const token = await idp.token(CLIENTS.opaque);
    const before = idp.introspections();
    const clients = await Promise.all(Array.from({ length: 8 }, () => connect(token)));
    for (const c of clients) expect((await c.query('SELECT 6 * 7 AS n')).rows).toEqual([{ n: 42 }]);
    await Promise.all(clients.map((c) => c.end()));
    const again = await connect(token); // sequential, still within the cache's life
    await again.end();
    expect(idp.introspections() - before).toBe(1);
  });

  it('still ends a running session at the re-check after a revocation, and refuses new connections from then on', async () => {
    const token = await idp.token(CLIENTS.opaque);
    const session = await connect(token);
    const warm = await connect(token); // the cache now holds the token as active
    await warm.end();
    await idp.revoke(CLIENTS.opaque, token);
    await expect
      .poll(async () => session.query('SELECT 1').then(() => 'ran', (err: Error) => err.message), { timeout: RECHECK_MS * 4, interval: 200 })
      .toBe('airlock: your token was revoked at the identity provider; log in again');
    await session.end().catch(() => undefined);
    await expect(connect(token)).rejects.toThrow('authentication failed: token is not active at the identity provider');
  });
});
