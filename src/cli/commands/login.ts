import type { CliCommand, CliIO } from '../cli-command.js';
import { parseOptions, requiredOption, usageError } from '../cli-command.js';
import { clientSettings, tokenIdentity, type GatewayAddress } from '../login/client-settings.js';
import { signInToGateway } from '../login/gateway-sign-in.js';
import { clientCredentials, deviceLogin, discover, refresh, type LoginTarget } from '../login/idp-grants.js';
import { storeKey, tokensPath, TokenStore, type StoredTokens } from '../login/token-store.js';

/** A stored token is reused only if it stays valid this long, so the printed lines work for a while. */
const MIN_LIFETIME_S = 60;
/** Device-flow logins ask for a refresh token (offline_access) and an ID token's claims (openid). */
const DEVICE_SCOPES = ['openid', 'offline_access'];

function gatewayAddress(command: Pick<CliCommand, 'name'>, hostPort: string, connection: string): GatewayAddress {
  const match = /^(.+):(\d{1,5})$/.exec(hostPort);
  if (!match) throw usageError(command, `--gateway must be HOST:PORT, got "${hostPort}"`);
  return { host: match[1] as string, port: Number(match[2]), connection };
}

const usable = (t: StoredTokens | undefined): t is StoredTokens => t?.expiresAt !== undefined && t.expiresAt - Date.now() / 1000 > MIN_LIFETIME_S;

/** A fresh token: refreshed when a refresh token is at hand and still honoured, else a new grant. */
async function obtain(io: CliIO, target: LoginTarget, previous: StoredTokens | undefined): Promise<StoredTokens> {
  const config = await discover(target);
  if (previous?.refreshToken) {
    try {
      return await refresh(config, target, previous.refreshToken);
    } catch {
      io.stderr.write('the stored refresh token was refused; logging in again\n');
    }
  }
  if (target.clientSecret !== undefined) return clientCredentials(config, target);
  return deviceLogin(config, target, (r) => {
    io.stderr.write(`Open ${r.verification_uri} and enter code ${r.user_code}\n`);
    if (r.verification_uri_complete) io.stderr.write(`(or open ${r.verification_uri_complete})\n`);
    io.stderr.write('Waiting for the login to be confirmed…\n');
  });
}

export const login: CliCommand = {
  name: 'login',
  summary: 'get an access token from the OIDC identity provider and print psql settings',
  help: `Usage: airlock login [--issuer URL] [--client-id ID] [--client-credentials] [options]

Gets an OIDC access token for the gateway and prints ready-to-paste client settings on stdout:
  export PGPASSWORD='<access token>'
  psql 'host=… port=… dbname=… user=<identity>'
People log in with the device authorization grant: open the printed URL, enter the code, confirm.
Unattended agents (CI) use --client-credentials with the secret in AIRLOCK_OIDC_CLIENT_SECRET.
A person's login is also shown to the gateway's review API at AIRLOCK_URL, so their Slack or Teams
clicks map to this identity and its IdP groups; \`airlock review\` commands then use the stored
token when AIRLOCK_TOKEN is unset.

Tokens are kept in $XDG_CONFIG_HOME/airlock/tokens.json (default ~/.config/airlock/tokens.json,
mode 0600) per issuer and client; a later run reuses an unexpired token and refreshes an
expired one. The refresh token is never printed.

  --issuer URL            the IdP's issuer (default: AIRLOCK_OIDC_ISSUER)
  --client-id ID          the OAuth client (default: AIRLOCK_OIDC_CLIENT_ID)
  --client-credentials    use the client-credentials grant; AIRLOCK_OIDC_CLIENT_SECRET is required
  --scope SCOPES          more scopes to request, space-separated (the device flow always asks
                          for "openid offline_access")
  --resource URI          RFC 8707 resource indicator, for IdPs that issue JWTs per API
  --gateway HOST:PORT     the gateway's Postgres listener (default 127.0.0.1:15432)
  --connection NAME       the connection to print in psql's dbname (default prod)

Exits 2 when the IdP cannot be reached, refuses the client, or the login is denied or expires.`,

  async run(args, io) {
    const opts = parseOptions(this, args, {
      issuer: { type: 'string', default: io.env.AIRLOCK_OIDC_ISSUER },
      'client-id': { type: 'string', default: io.env.AIRLOCK_OIDC_CLIENT_ID },
      'client-credentials': { type: 'boolean', default: false },
      scope: { type: 'string', default: '' },
      resource: { type: 'string' },
      gateway: { type: 'string', default: '127.0.0.1:15432' },
      connection: { type: 'string', default: 'prod' },
    });
    const issuer = requiredOption(this, opts.issuer, '--issuer (or AIRLOCK_OIDC_ISSUER)');
    const clientId = requiredOption(this, opts['client-id'], '--client-id (or AIRLOCK_OIDC_CLIENT_ID)');
    const clientSecret = opts['client-credentials'] ? requiredOption(this, io.env.AIRLOCK_OIDC_CLIENT_SECRET, 'AIRLOCK_OIDC_CLIENT_SECRET') : undefined;
    const gateway = gatewayAddress(this, opts.gateway, opts.connection);
    const extra = opts.scope.split(/\s+/).filter(Boolean);
    const scopes = clientSecret === undefined ? [...new Set([...DEVICE_SCOPES, ...extra])] : extra;
    const target: LoginTarget = { issuer, clientId, scope: scopes.join(' '), ...(clientSecret !== undefined ? { clientSecret } : {}), ...(opts.resource ? { resource: opts.resource } : {}) };

    const store = new TokenStore(tokensPath(io.env));
    const key = storeKey(issuer, clientId);
    const previous = await store.get(key);
    let tokens: StoredTokens;
    if (usable(previous)) tokens = previous;
    else {
      tokens = await obtain(io, target, previous);
      await store.put(key, tokens);
    }
    const { accessToken, expiresAt } = tokens;
    const identity = tokenIdentity(accessToken);
    const until = expiresAt === undefined ? '' : `, valid until ${new Date(expiresAt * 1000).toISOString()}`;
    io.stderr.write(identity ? `Logged in as ${identity}${until}\n` : `Logged in${until}; the token is opaque, so add user=<your identity> to the psql line\n`);
    // People also review: the gateway learns their IdP identity now, so chat clicks map to it.
    if (clientSecret === undefined) io.stderr.write(await signInToGateway(io.env, accessToken));
    io.stdout.write(clientSettings(accessToken, identity, gateway));
    return 0;
  },
};
