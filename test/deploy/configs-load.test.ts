import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { benchConfig } from '../../bench/pgbench/gateway.js';
import { parseConfig } from '../../src/config/load.js';
import { envRefs, readRepoFile, readYaml } from './repo-files.js';

const composeText = readRepoFile('deploy/compose/airlock.yaml');
const k8sText: string = (parse(readRepoFile('manifests/kubernetes/10-configmap.yaml')) as { data: Record<string, string> }).data['airlock.yaml']!;
const k8sSecret = readYaml('manifests/kubernetes/10-secret.yaml').stringData as Record<string, string>;

/** The environment each deployment gives the gateway, with fake values where it supplies secrets. */
const fakeEnv = (text: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(envRefs(text).map((name) => [name, `fake-${name.toLowerCase()}`])),
  ...extra,
});

describe('deployment configs load with the gateway config loader', () => {
  it('accepts the compose config', () => {
    const config = parseConfig(composeText, { baseDir: '/etc/airlock', env: fakeEnv(composeText) });
    expect(config.listeners.postgres?.port).toBe(15432);
    expect(config.identity.tokens.map((t) => t.name)).toEqual(['devin', 'alice@example.com']);
  });

  it('accepts the Kubernetes config and takes the gateway id from AIRLOCK_GATEWAY_ID', () => {
    const env = fakeEnv(k8sText, { REDIS_URL: k8sSecret.REDIS_URL, DATABASE_URL: k8sSecret.DATABASE_URL, AIRLOCK_GATEWAY_ID: 'airlock-7d9f-abcde' });
    const config = parseConfig(k8sText, { baseDir: '/etc/airlock', env });
    expect(config.gateway.id).toBe('airlock-7d9f-abcde');
    expect(config.redis.url).toBe(k8sSecret.REDIS_URL);
  });

  it('accepts the config the pgbench benchmark generates', () => {
    const db = { host: '127.0.0.1', port: 5432, database: 'bench', user: 'bench_app', password: 'pw', auditUrl: 'postgres://postgres@127.0.0.1:5432/airlock_audit' };
    const yaml = stringify(benchConfig(db, { redisUrl: 'redis://127.0.0.1:6379', audit: 'embedded:/tmp/a', dir: '/tmp/b', pgPort: 15432, httpPort: 8080, token: 't' }));
    const config = parseConfig(yaml, { baseDir: '/tmp', env: {} });
    expect(config.connections[0]?.name).toBe('bench');
  });
});
