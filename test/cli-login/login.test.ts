import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { startTestGateway, type TestGateway } from '../gateway-postgres/harness.js';
import { AUDIENCE, CLIENTS, DEVICE_CLIENT, GATEWAY_CLIENT, PERSON, signingKey, startIdp, type TestIdp } from '../identity-oidc/idp.js';
import { approveDevice, denyDevice } from './browser.js';
import { pasteAndRun, startLogin } from './login-cli.js';

const RESOURCE = 'https://airlock.test/';
let idp: TestIdp;
let gw: TestGateway;
beforeAll(async () => {
  idp = await startIdp(await signingKey('key-1'));
  gw = await startTestGateway({ oidc: { issuer: idp.issuer, audience: AUDIENCE, groupsClaim: 'groups', clientId: GATEWAY_CLIENT.id, clientSecret: GATEWAY_CLIENT.secret } });
});
afterAll(async () => {
  await gw?.close();
  await idp?.stop();
});

let config: string;
beforeEach(() => {
  config = mkdtempSync(join(tmpdir(), 'airlock-login-'));
});
const tokensFile = () => join(config, 'airlock', 'tokens.json');
const printedToken = (stdout: string) => /^export PGPASSWORD='([^']+)'$/m.exec(stdout)?.[1];
const common = () => ['--issuer', idp.issuer, '--resource', RESOURCE, '--scope', 'sql', '--gateway', `127.0.0.1:${gw.port}`];

describe('airlock login --client-credentials', () => {
  const login = () =>
    runCli(['login', '--client-credentials', ...common()], { env: { XDG_CONFIG_HOME: config, AIRLOCK_OIDC_CLIENT_ID: CLIENTS.jwt.id, AIRLOCK_OIDC_CLIENT_SECRET: CLIENTS.jwt.secret } });

  it('prints a PGPASSWORD export and a psql line that log in through the gateway', async () => {
    const result = await login();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`psql 'host=127.0.0.1 port=${gw.port} dbname=prod user=${CLIENTS.jwt.email}'`);
    const psql = await pasteAndRun(result.stdout, 'SELECT 1');
    expect(psql.stderr).toBe('');
    expect(psql.stdout.trim()).toBe('1');

    const file = tokensFile();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(config, 'airlock')).mode & 0o777).toBe(0o700);
    const stored = readFileSync(file, 'utf8');
    expect(stored).toContain(printedToken(result.stdout));
    expect(stored).not.toContain(CLIENTS.jwt.secret);
  });

  it('reuses the stored token on a later run without asking the IdP', async () => {
    const first = await login();
    const grants = idp.grants();
    const second = await login();
    expect(second.code, second.stderr).toBe(0);
    expect(printedToken(second.stdout)).toBe(printedToken(first.stdout));
    expect(idp.grants()).toBe(grants);
  });

  it('gets a new token once the stored one has expired', async () => {
    const first = await login();
    const stored = JSON.parse(readFileSync(tokensFile(), 'utf8')) as Record<string, { expiresAt: number }>;
    for (const entry of Object.values(stored)) entry.expiresAt = Math.floor(Date.now() / 1000) - 1;
    writeFileSync(tokensFile(), JSON.stringify(stored));
    const second = await login();
    expect(second.code, second.stderr).toBe(0);
    expect(printedToken(second.stdout)).not.toBe(printedToken(first.stdout));
  });

  it('needs the client secret in the environment', async () => {
    const result = await runCli(['login', '--client-credentials', ...common()], { env: { XDG_CONFIG_HOME: config, AIRLOCK_OIDC_CLIENT_ID: CLIENTS.jwt.id } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('AIRLOCK_OIDC_CLIENT_SECRET is required');
  });
});

describe('airlock login (device flow)', () => {
  const env = () => ({ XDG_CONFIG_HOME: config, AIRLOCK_OIDC_CLIENT_ID: DEVICE_CLIENT.id });

  it('shows the code, waits for the person to approve it, then prints working psql settings; a refresh follows expiry', async () => {
    const login = startLogin(common(), env());
    const [, uri, code] = await login.stderrMatch(/Open (\S+) and enter code (\S+)/);
    expect(uri).toBe(`${idp.issuer}/device`);
    const done = await approveDevice(idp.issuer, code as string, PERSON.login);
    expect(done.html).toContain('Sign-in Success');

    const result = await login.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`user=${PERSON.login}'`);
    expect((await pasteAndRun(result.stdout, 'SELECT 1')).stdout.trim()).toBe('1');
    const stored = JSON.parse(readFileSync(tokensFile(), 'utf8')) as Record<string, { refreshToken?: string; expiresAt: number }>;
    const entry = stored[`${idp.issuer} ${DEVICE_CLIENT.id}`];
    expect(entry?.refreshToken).toBeTruthy();
    expect(result.stdout + result.stderr).not.toContain(entry?.refreshToken);

    // An expired access token is refreshed without the person.
    if (entry) entry.expiresAt = Math.floor(Date.now() / 1000) - 1;
    writeFileSync(tokensFile(), JSON.stringify(stored));
    const refreshed = await runCli(['login', ...common()], { env: env() });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(refreshed.stderr).not.toContain('enter code');
    expect(printedToken(refreshed.stdout)).not.toBe(printedToken(result.stdout));
    expect((await pasteAndRun(refreshed.stdout, 'SELECT 1')).stdout.trim()).toBe('1');
  });

  it('exits 2 with a clear message when the person denies the login', async () => {
    const login = startLogin(common(), env());
    const [, , code] = await login.stderrMatch(/Open (\S+) and enter code (\S+)/);
    await denyDevice(idp.issuer, code as string);
    const result = await login.done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the login was denied at the identity provider');
  });
});
