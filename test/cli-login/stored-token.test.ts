import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

// Review commands without AIRLOCK_TOKEN fall back to what `airlock login` stored; these are the
// cases where that can't work, each refused before anything is sent (the URL is never contacted).
const NOWHERE = 'http://127.0.0.1:9';

function configWith(logins: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-stored-'));
  mkdirSync(join(dir, 'airlock'), { mode: 0o700 });
  writeFileSync(join(dir, 'airlock', 'tokens.json'), JSON.stringify(logins), { mode: 0o600 });
  return dir;
}
const approve = (config: string, env: Record<string, string> = {}) => runCli(['review', 'approve', 'apr_abcdefghij'], { env: { AIRLOCK_URL: NOWHERE, XDG_CONFIG_HOME: config, ...env } });
const later = () => Math.floor(Date.now() / 1000) + 600;

describe('review commands without AIRLOCK_TOKEN', () => {
  it('say how to get a token when none is stored', async () => {
    const r = await approve(mkdtempSync(join(tmpdir(), 'airlock-empty-')));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('AIRLOCK_TOKEN is not set and airlock login has stored no token; run airlock login');
  });

  it('ask which login to use when several are stored, and use the one named', async () => {
    const config = configWith({ 'https://a.test cli': { accessToken: 'tok-a', expiresAt: later() }, 'https://b.test cli': { accessToken: 'tok-b', expiresAt: later() } });
    const r = await approve(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds several logins; set AIRLOCK_OIDC_ISSUER and AIRLOCK_OIDC_CLIENT_ID to pick one');
    // Named: the token is used, so the (absent) gateway is what fails now.
    const named = await approve(config, { AIRLOCK_OIDC_ISSUER: 'https://b.test', AIRLOCK_OIDC_CLIENT_ID: 'cli' });
    expect(named.stderr).toContain('cannot reach the gateway');
    expect(named.stderr).not.toContain('tok-b');
  });

  it('send the person back to airlock login once the stored token expired', async () => {
    const r = await approve(configWith({ 'https://a.test cli': { accessToken: 'tok-a', expiresAt: Math.floor(Date.now() / 1000) - 1 } }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('your stored login has expired; run airlock login to refresh it');
  });
});
