import type { Server } from 'node:http';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import Provider, { type ClientMetadata } from 'oidc-provider';
import { freePort } from '../support/ports.js';

/** The API the gateway is: tokens for it carry this audience. */
export const AUDIENCE = 'airlock';
const RESOURCES: Readonly<Record<string, string>> = { 'https://airlock.test/': AUDIENCE, 'https://other-api.test/': 'other-api' };
export const GATEWAY_CLIENT = { id: 'airlock-gateway', secret: 'gateway-client-secret' };

/** OAuth clients of the test IdP, each the agent or person its tokens name. */
export const CLIENTS = {
  jwt: { id: 'alice-agent', secret: 'alice-secret', email: 'alice@idp.test', groups: ['agents', 'dba'], format: 'jwt' },
  opaque: { id: 'bob-agent', secret: 'bob-secret', email: 'bob@idp.test', groups: 'agents', format: 'opaque' },
} as const;
type TestClient = (typeof CLIENTS)[keyof typeof CLIENTS];

/** A public client for the device authorization grant (`airlock login`), with refresh tokens. */
export const DEVICE_CLIENT = { id: 'airlock-cli' };
/** The person who logs in through the device flow; the IdP's login page takes any name, this one gets claims. */
export const PERSON = { login: 'carol@idp.test', groups: ['agents'] };
/** A person in the IdP's dba group: a reviewer whose groups are defined only at the IdP. */
export const REVIEWER_PERSON = { login: 'dave@idp.test', groups: ['dba'] };
const PEOPLE = [PERSON, REVIEWER_PERSON];

export interface SigningKey {
  readonly privateJwk: JWK;
  readonly privateKey: CryptoKey;
  readonly kid: string;
}

export async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }, privateKey, kid };
}

export interface TestIdp {
  readonly issuer: string;
  readonly key: SigningKey;
  /** A client-credentials access token for `resource` (the gateway's by default). */
  token(client: TestClient, resource?: string): Promise<string>;
  revoke(client: TestClient, token: string): Promise<void>;
  /** Successful token endpoint requests since this start. */
  grants(): number;
  /** Introspection requests (RFC 7662) the IdP answered since this start. */
  introspections(): number;
  stop(): Promise<void>;
  /** Starts again on the same port (same issuer), signing with `key`: a key rotation. */
  restart(key: SigningKey): Promise<TestIdp>;
}

/** A real oidc-provider on loopback: client credentials, JWT and opaque access tokens, introspection. */
export async function startIdp(key: SigningKey, port = 0): Promise<TestIdp> {
  const clients: ClientMetadata[] = [
    ...Object.values(CLIENTS).map((c) => ({ client_id: c.id, client_secret: c.secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] })),
    { client_id: GATEWAY_CLIENT.id, client_secret: GATEWAY_CLIENT.secret, grant_types: [], redirect_uris: [], response_types: [] },
    { client_id: DEVICE_CLIENT.id, token_endpoint_auth_method: 'none', grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'], redirect_uris: [], response_types: [] },
  ];
  const byId = (id: string | undefined) => Object.values(CLIENTS).find((c) => c.id === id);
  // The issuer names the port, so it must be chosen before the provider exists.
  if (port === 0) port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: [key.privateJwk] },
    features: {
      // The stock login and consent pages, which a test completes over HTTP like a browser would.
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => 'https://airlock.test/',
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource, client) => {
          const audience = RESOURCES[resource];
          if (!audience) throw new Error(`unknown resource ${resource}`);
          const format = byId(client.clientId)?.format ?? 'jwt';
          return { scope: 'sql', audience, accessTokenTTL: 600, accessTokenFormat: format, ...(format === 'jwt' ? { jwt: { sign: { alg: 'RS256' } } } : {}) };
        },
      },
    },
    extraTokenClaims: (ctx, token) => {
      const person = 'accountId' in token ? PEOPLE.find((p) => p.login === token.accountId) : undefined;
      if (person) return { email: person.login, groups: person.groups };
      const c = byId(ctx.oidc.client?.clientId);
      return c ? { email: c.email, groups: c.groups } : undefined;
    },
  });
  let grants = 0;
  provider.on('grant.success', () => grants++);
  let introspections = 0;
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.method === 'POST' && ctx.path === '/token/introspection' && ctx.status === 200) introspections++;
  });
  let server: Server | undefined = await new Promise<Server>((resolve) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
  });

  const basic = (c: TestClient) => ({ authorization: `Basic ${Buffer.from(`${c.id}:${c.secret}`).toString('base64')}` });
  const idp: TestIdp = {
    issuer,
    key,
    async token(client, resource = 'https://airlock.test/') {
      const res = await fetch(`${issuer}/token`, { method: 'POST', headers: basic(client), body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'sql', resource }) });
      const body = (await res.json()) as { access_token?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token request failed: ${res.status} ${body.error_description ?? ''}`);
      return body.access_token;
    },
    async revoke(client, token) {
      const res = await fetch(`${issuer}/token/revocation`, { method: 'POST', headers: basic(client), body: new URLSearchParams({ token }) });
      if (!res.ok) throw new Error(`revocation failed: ${res.status}`);
    },
    grants: () => grants,
    introspections: () => introspections,
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    },
    async restart(next) {
      await idp.stop();
      return startIdp(next, port);
    },
  };
  return idp;
}
