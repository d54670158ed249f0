import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';

const baseDir = '/etc/airlock';

describe('config defaults', () => {
  it('fills in every default for an empty file', () => {
    expect(parseConfig('', { baseDir, env: {} })).toEqual({
      gateway: { id: hostname(), http: { port: 8080, host: '0.0.0.0' } },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'airlock' },
      audit: { database: 'embedded:/etc/airlock/.airlock/audit', spool: '/etc/airlock/.airlock/spool', durability: 'database', readers: ['admins', 'auditors'] },
      identity: { tokens: [], people: [] },
      listeners: {},
      connections: [],
      policies: {},
      masking: {},
      channels: { console: {} },
    });
  });

  it('takes gateway id, Redis and audit database from the given environment', () => {
    const config = parseConfig('gateway: {}\n', {
      baseDir,
      env: { AIRLOCK_GATEWAY_ID: 'gw-7', REDIS_URL: 'redis://redis:6379/2', DATABASE_URL: 'postgresql://audit@pg/audit' },
    });
    expect(config.gateway.id).toBe('gw-7');
    expect(config.redis.url).toBe('redis://redis:6379/2');
    expect(config.audit.database).toBe('postgresql://audit@pg/audit');
  });

  it('prefers the file over the environment', () => {
    const config = parseConfig('redis: { url: "rediss://file:6380" }\naudit: { database: "embedded:/var/lib/airlock" }\n', {
      baseDir,
      env: { REDIS_URL: 'redis://env:6379', DATABASE_URL: 'postgres://env/audit' },
    });
    expect(config.redis.url).toBe('rediss://file:6380');
    expect(config.audit.database).toBe('embedded:/var/lib/airlock');
  });

  it('defaults listener hosts, upstream ports, sslmode and policy settings', () => {
    const config = parseConfig(
      `listeners: { postgres: { port: 15432 }, ssh: { port: 2222, hostKey: keys/host } }
connections:
  - { name: db, type: postgres, policy: p, reviewers: [dba], upstream: { host: h, database: d, user: u } }
  - { name: box, type: ssh, policy: p, reviewers: [sre], upstream: { host: h, user: u } }
policies:
  p: { approvals: { timeout: 90s, fatigue: 1h30m } }
`,
      { baseDir, env: {} },
    );
    expect(config.listeners.postgres).toEqual({ port: 15432, host: '0.0.0.0' });
    expect(config.listeners.ssh).toEqual({ port: 2222, host: '0.0.0.0', hostKey: '/etc/airlock/keys/host' });
    expect(config.connections[0]?.upstream).toMatchObject({ port: 5432, sslmode: 'prefer' });
    expect(config.connections[1]?.upstream).toMatchObject({ port: 22 });
    expect(config.policies.p).toEqual({ preset: 'postgres', rules: [], approvals: { timeoutMs: 90_000, quorum: 1, fatigueWindowMs: 5_400_000 } });
  });

  it('keeps policy rules as written', () => {
    const config = parseConfig(
      'policies:\n  p:\n    rules:\n      - { name: pay, match: { tables: [payments], groups: [agents] }, action: deny, reason: no }\n      - { match: {}, action: allow }\n',
      { baseDir, env: {} },
    );
    expect(config.policies.p?.rules).toEqual([
      { name: 'pay', match: { tables: ['payments'], groups: ['agents'] }, action: 'deny', reason: 'no' },
      { match: {}, action: 'allow' },
    ]);
  });
});
