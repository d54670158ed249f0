import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';
import { useTempDir } from './temp-dir.js';

const head = 'policies: { sql-default: {} }\nconnections:\n  - name: prod\n    type: postgres\n    policy: sql-default\n    reviewers: [dba]\n';

function parse(yaml: string, env: NodeJS.ProcessEnv, baseDir = '/nonexistent') {
  return parseConfig(yaml, { baseDir, env });
}

function errorsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err.errors;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('${ENV} and ${file:} substitution', () => {
  const tmp = useTempDir();

  it('keeps a value with ": ", newlines and YAML syntax a plain string, in block and flow style', () => {
    const evil = 'x\nlisteners: { postgres: { port: 1 } }\nkey: value # ${OTHER}';
    const config = parse(
      `${head}    upstream: { host: db, database: app, user: "\${PGUSER}", password: \${EVIL} }\nidentity:\n  tokens:\n    - name: bot\n      token: \${EVIL}\n`,
      { EVIL: evil, PGUSER: 'a: b', OTHER: 'never read' },
    );
    expect(config.connections[0]?.upstream).toMatchObject({ user: 'a: b', password: evil });
    expect(config.identity.tokens[0]?.token).toBe(evil);
    expect(config.listeners).toEqual({});
  });

  it('substitutes several references in one scalar and coerces numeric fields', () => {
    const config = parse(`${head}    upstream: { host: "\${HOST}", port: \${PORT}, database: "\${DB}_\${SUFFIX}", user: app }\n`, {
      HOST: 'db.internal',
      PORT: '6543',
      DB: 'app',
      SUFFIX: 'prod',
    });
    expect(config.connections[0]?.upstream).toMatchObject({ host: 'db.internal', port: 6543, database: 'app_prod' });
  });

  it('still validates a substituted number', () => {
    expect(errorsOf(() => parse(`gateway: { http: { port: \${PORT} } }\n`, { PORT: 'eighty' }))).toEqual([
      'gateway.http.port: expected a number, got a string',
    ]);
  });

  it('names the config path of an unset variable, once, without other complaints about it', () => {
    expect(errorsOf(() => parse(`${head}    upstream: { host: db, port: \${PORT}, database: app, user: app, password: \${APP_DB_PASSWORD} }\n`, {}))).toEqual([
      'connections[0].upstream.port: environment variable PORT is not set',
      'connections[0].upstream.password: environment variable APP_DB_PASSWORD is not set',
    ]);
  });

  it('treats $${X} as a literal ${X}', () => {
    const config = parse('channels: { teams: { appId: "cost $${AMOUNT}", appPassword: $${X}, tenantId: t, approvals: "19:a@thread.tacv2" } }\n', {});
    expect(config.channels.teams).toMatchObject({ appId: 'cost ${AMOUNT}', appPassword: '${X}' });
  });

  it('rejects malformed references', () => {
    expect(errorsOf(() => parse('channels: { teams: { appId: "${not valid}", appPassword: "${file:}", tenantId: "${OPEN", approvals: "19:a@thread.tacv2" } }\n', {}))).toEqual([
      'channels.teams.appId: "${not valid}" is not a valid reference (expected ${ENV_NAME} or ${file:PATH})',
      'channels.teams.appPassword: "${file:}" names no file (expected ${file:PATH})',
      'channels.teams.tenantId: unterminated "${" (expected ${ENV_NAME}, ${file:PATH} or $${ for a literal)',
    ]);
  });

  it('reads ${file:} relative to the config directory, trims one trailing newline and keeps PEM intact', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\n';
    tmp.write('tls/cert.pem', pem);
    tmp.write('tls/key.pem', 'key\n\n');
    const config = parse('listeners:\n  postgres: { port: 15432, tls: { cert: ${file:tls/cert.pem}, key: "${file:./tls/key.pem}" } }\n', {}, tmp.path());
    expect(config.listeners.postgres?.tls).toEqual({ cert: pem.slice(0, -1), key: 'key\n' });
  });

  it('does not substitute inside file contents', () => {
    tmp.write('secret', 'pa${ss}');
    const config = parse('channels: { teams: { appId: a, appPassword: "${file:secret}", tenantId: t, approvals: "19:a@thread.tacv2" } }\n', { ss: 'X' }, tmp.path());
    expect(config.channels.teams?.appPassword).toBe('pa${ss}');
  });
});
