import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { useTempDir } from './temp-dir.js';

const example = readFileSync(new URL('./fixtures/contract-example.yaml', import.meta.url), 'utf8');
const PEM = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----';

const env = {
  DEVIN_TOKEN: 'devin-token-123',
  ALICE_TOKEN: 'alice-token-456',
  APP_DB_PASSWORD: 'pw',
  K8S_TOKEN: 'k8s-token',
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'signing',
  TEAMS_APP_ID: 'app-id',
  TEAMS_APP_PASSWORD: 'app-pw',
  TEAMS_TENANT_ID: 'tenant',
};

describe('the CONTRACT.md config example', () => {
  const tmp = useTempDir();

  it('loads with env vars and ${file:} keys, into the shape the gateway consumes', async () => {
    tmp.write('keys/deploy', PEM + '\n');
    tmp.write('ca.crt', 'CA-PEM\n');
    const file = tmp.write('airlock.yaml', example);

    const config = await loadConfig(file, env);

    expect(config.gateway).toEqual({ id: 'gw-1', http: { port: 8080, host: '0.0.0.0' } });
    expect(config.audit).toEqual({
      database: 'postgres://airlock@127.0.0.1:5432/airlock',
      spool: `${tmp.path()}/.airlock/spool`,
      durability: 'database',
      readers: ['admins', 'auditors'],
    });
    expect(config.identity.oidc).toEqual({ issuer: 'https://idp.example.com', audience: 'airlock', groupsClaim: 'groups', recheckEvery: 60_000, reviewerTtl: 12 * 3600_000 });
    expect(config.identity.tokens).toEqual([
      { name: 'devin', token: 'devin-token-123', groups: ['agents'] },
      { name: 'alice@example.com', token: 'alice-token-456', groups: ['dba'] },
    ]);
    expect(config.listeners.ssh).toEqual({ port: 2222, host: '0.0.0.0', hostKey: `${tmp.path()}/.airlock/ssh_host_ed25519_key` });
    expect(config.connections.map((c) => [c.name, c.type, c.policy, c.mask])).toEqual([
      ['prod-db', 'postgres', 'sql-default', 'pii-default'],
      ['web-1', 'ssh', 'shell-default', undefined],
      ['prod-k8s', 'kubernetes', 'k8s-default', 'k8s-secrets'],
    ]);
    expect(config.connections[0]?.upstream).toEqual({
      host: '127.0.0.1',
      port: 5432,
      database: 'app',
      user: 'app_rw',
      password: 'pw',
      sslmode: 'prefer',
    });
    expect(config.connections[1]?.upstream).toMatchObject({ privateKey: PEM });
    expect(config.connections[2]?.upstream).toEqual({ server: 'https://127.0.0.1:6443', token: 'k8s-token', caCert: 'CA-PEM' });
    expect(config.policies['sql-default']).toEqual({
      preset: 'postgres',
      rules: [],
      approvals: { timeoutMs: 300_000, remindAfterMs: 120_000, quorum: 1 },
    });
    expect(config.masking['pii-default']?.columns).toEqual(['*.password', '*.ssn', 'users.email'].map((pattern) => ({ pattern, style: 'redact' })));
    expect(config.masking['pii-default']?.detectors.map((d) => d.name)).toEqual(['email', 'credit_card', 'us_ssn', 'iban', 'phone', 'ip', 'secrets']);
    expect(config.channels.console).toEqual({});
    expect(config.channels.slack).toMatchObject({ botToken: 'xoxb-1', approvals: '#db-approvals', oncall: '<!subteam^S123>' });
    expect(config.channels.teams).toMatchObject({ appPassword: 'app-pw', approvals: '19:…@thread.tacv2' });
  });

  it('names every unset variable and the missing key file at once', async () => {
    const file = tmp.write('airlock.yaml', example);

    const error = await loadConfig(file, { ...env, APP_DB_PASSWORD: undefined, K8S_TOKEN: undefined }).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'ConfigError' });
    expect((error as { errors: string[] }).errors).toEqual([
      'connections[0].upstream.password: environment variable APP_DB_PASSWORD is not set',
      'connections[1].upstream.privateKey: cannot read file ./keys/deploy (ENOENT)',
      'connections[2].upstream.token: environment variable K8S_TOKEN is not set',
      'connections[2].upstream.caCert: cannot read file ./ca.crt (ENOENT)',
    ]);
  });
});
