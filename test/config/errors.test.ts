import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

const opts = { baseDir: '/etc/airlock', env: {} };

function errorsOf(yaml: string): string[] {
  try {
    parseConfig(yaml, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe((err as ConfigError).errors.join('\n'));
    return [...(err as ConfigError).errors];
  }
  throw new Error('expected a ConfigError');
}

const policy = 'policies: { sql-default: {} }\n';
const pg = 'upstream: { host: db, database: app, user: app }';

describe('config errors', () => {
  it('reports every problem at once, one line each', () => {
    const errors = errorsOf(`
gatway: { id: x }
listeners: { postgres: { port: 70000 } }
connections:
  - { name: a, type: mysql, policy: sql-default, reviewers: [dba] }
  - { name: b, type: postgres, policy: sql-strict, reviewers: [], ${pg} }
policies:
  sql-default:
    approvals: { timeout: 5 minutes }
    rules: [{ match: { tabels: [payments] }, action: block }]
`);
    expect(errors).toEqual([
      'listeners.postgres.port: port 70000 is out of range (expected 1..65535)',
      'connections[0].type: expected one of postgres, ssh, kubernetes, got "mysql"',
      'connections[1].reviewers: must not be empty (expected at least one reviewer group or { member: NAME })',
      'policies.sql-default.rules[0].match.tabels: unknown key (expected one of kinds, tables, functions, groups, identities, connections; did you mean "tables"?)',
      'policies.sql-default.rules[0].action: expected one of allow, review, deny, got "block"',
      'policies.sql-default.approvals.timeout: "5 minutes" is not a duration (expected e.g. 90s, 5m, 2h)',
      'gatway: unknown key (expected one of gateway, redis, audit, identity, listeners, connections, policies, masking, channels; did you mean "gateway"?)',
      'connections[1].policy: unknown policy "sql-strict" (defined: sql-default)',
    ]);
  });

  it('names undefined masking profiles and suggests near misses', () => {
    expect(errorsOf(`${policy}masking: { pii-default: {} }\nconnections:\n  - { name: a, type: postgres, policy: sql-defualt, reviewers: [dba], mask: pii, ${pg} }\n`)).toEqual([
      'connections[0].policy: unknown policy "sql-defualt" (defined: sql-default; did you mean "sql-default"?)',
      'connections[0].mask: unknown masking profile "pii" (defined: pii-default)',
    ]);
    expect(errorsOf(`connections:\n  - { name: a, type: postgres, policy: p, reviewers: [dba], ${pg} }\n`)).toEqual([
      'connections[0].policy: unknown policy "p" (defined: none)',
    ]);
  });

  it('rejects duplicate connection and token names', () => {
    const conn = `{ name: prod, type: postgres, policy: sql-default, reviewers: [dba], ${pg} }`;
    expect(errorsOf(`${policy}connections: [${conn}, ${conn}]\nidentity: { tokens: [{ name: bot, token: a }, { name: bot, token: b }] }\n`)).toEqual([
      'connections[1].name: duplicate connection name "prod" (already used by connections[0]; names must be unique)',
      'identity.tokens[1].name: duplicate token name "bot" (already used by identity.tokens[0]; names must be unique)',
    ]);
  });

  it('checks the audit database URL without echoing it, and other URLs and numbers', () => {
    const errors = errorsOf(`audit: { database: "mysql://u:hunter2@db/audit" }\nredis: { url: "http://x" }\nidentity: { tokens: [{ name: a, token: "sha256:abc" }] }\n${policy.replace('{}', '{ approvals: { quorum: 0 } }')}`);
    expect(errors).toEqual([
      'redis.url: expected a redis://… or rediss://… URL',
      'audit.database: expected a postgres://… or postgresql://… URL, or embedded:PATH',
      'identity.tokens[0].token: a sha256: token must be followed by 64 hex digits',
      'policies.sql-default.approvals.quorum: 0 is too small (expected a whole number of at least 1)',
    ]);
    expect(errors.join('\n')).not.toContain('hunter2');
  });

  it('says what is missing and what type was expected', () => {
    expect(errorsOf(`${policy}connections:\n  - { type: postgres, policy: sql-default, reviewers: dba, upstream: { host: db, user: app } }\n  - { name: x }\nchannels: { slack: { botToken: 5, approvals: '#db' } }\n`)).toEqual([
      'connections[0].name: missing (expected a string)',
      'connections[0].reviewers: expected a list, got a string',
      'connections[0].upstream.database: missing (expected a string)',
      'connections[1].type: missing (expected one of postgres, ssh, kubernetes)',
      'channels.slack.botToken: expected a string, got a number',
    ]);
  });

  it('names an unknown detector and a column rule that is not table.column', () => {
    const errors = errorsOf(`masking: { pii: { columns: [password, { column: users.email, style: hide }], detectors: [email, passport] } }\n`);
    expect(errors).toEqual([
      'masking.pii.columns[0].column: expected table.column or schema.table.column (* matches any name)',
      'masking.pii.columns[1].style: expected one of redact, partial, pseudonym, got "hide"',
      'masking.pii.detectors[1].detector: expected one of email, credit_card, us_ssn, iban, phone, ip, secrets, got "passport"',
    ]);
  });

  it('wants the digest time as HH:MM in a real time zone', () => {
    expect(errorsOf(`audit: { digest: { at: 8am, timeZone: Mars/Olympus } }\n`)).toEqual([
      'audit.digest.at: expected a time of day as HH:MM, e.g. 08:00',
      'audit.digest.timeZone: expected an IANA time zone such as UTC or Europe/Berlin',
    ]);
  });

  it('asks a Slack channel for a way to take clicks: a signing secret or an app-level token', () => {
    expect(errorsOf(`channels: { slack: { botToken: xoxb-1, approvals: '#db' } }\n`)).toEqual([
      'channels.slack: needs signingSecret (HTTP mode, POST /slack/events) or appToken (Socket Mode)',
    ]);
    expect(errorsOf(`channels: { slack: { botToken: xoxb-1, appToken: xoxb-2, approvals: '#db' } }\n`)).toEqual([
      'channels.slack.appToken: expected an app-level token starting with xapp-',
    ]);
  });

  it('turns a YAML syntax error into a ConfigError with line and column', () => {
    const [error, ...rest] = errorsOf('gateway:\n  id: [unclosed\nredis: {}\n');
    expect(rest).toEqual([]);
    expect(error).toMatch(/^yaml syntax error: .* at line \d+, column \d+$/);
  });

  it('rejects a file that is not a mapping', () => {
    expect(errorsOf('- a\n- b\n')).toEqual(['(top level): expected a mapping, got a list']);
  });
});
