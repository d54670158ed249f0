import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unknownKeys } from './config-shape.js';
import { envRefs, readRepoFile, readYaml, readYamlFolder, repoRoot, type Yaml } from './repo-files.js';

const CONFIG_PATH = '/etc/airlock/airlock.yaml';

const dockerfile = readRepoFile('Dockerfile');
const compose = readYaml('docker-compose.yml');
const composeConfigText = readRepoFile('deploy/compose/airlock.yaml');
const composeConfig = parse(composeConfigText) as Yaml;

const manifests = readYamlFolder('manifests/kubernetes');
const byKind = (kind: string): Yaml => {
  const found = manifests.filter((m) => m.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} in manifests/kubernetes, found ${found.length}`);
  return found[0]!;
};
const deployment = byKind('Deployment');
const service = byKind('Service');
const configMap = byKind('ConfigMap');
const secret = byKind('Secret');
const pdb = byKind('PodDisruptionBudget');
const k8sConfigText: string = configMap.data['airlock.yaml'];
const k8sConfig = parse(k8sConfigText) as Yaml;
const pod = deployment.spec.template;
const container = pod.spec.containers[0];

const byNumber = (a: number, b: number): number => a - b;

function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
}

describe.each([
  ['compose', composeConfig],
  ['kubernetes', k8sConfig],
])('%s airlock.yaml', (_name, config) => {
  it('uses only keys the config contract defines', () => {
    expect(unknownKeys(config)).toEqual([]);
  });

  it('names only policies and masking profiles it defines, and reviewers some identity belongs to', () => {
    const groups = new Set(config.identity.tokens.flatMap((t: Yaml) => t.groups));
    for (const c of config.connections) {
      expect(Object.keys(config.policies)).toContain(c.policy);
      if (c.mask) expect(Object.keys(config.masking)).toContain(c.mask);
      for (const r of c.reviewers) expect(groups).toContain(r);
    }
    expect(config.connections.map((c: Yaml) => c.name)).toContain('prod-db');
  });

  it('listens on every interface, since clients reach it from outside the container', () => {
    expect(config.gateway.http.host).toBe('0.0.0.0');
    expect(config.listeners.postgres.host).toBe('0.0.0.0');
  });

  it('keeps secrets out of the file and gives the auditor group to the reviewer', () => {
    for (const t of config.identity.tokens) expect(t.token).toMatch(/^\$\{[A-Z_]+\}$/);
    expect(config.identity.tokens.find((t: Yaml) => t.name === 'alice@example.com').groups).toEqual(['dba', 'auditors']);
  });
});

describe('docker-compose.yml', () => {
  const gateway = compose.services.gateway;

  it('publishes the ports the config file listens on, and the image exposes them', () => {
    const published = gateway.ports.map((p: string) => p.split(':').map(Number));
    const wanted = [composeConfig.listeners.postgres.port, composeConfig.gateway.http.port];
    expect(published).toEqual(wanted.map((p) => [p, p]));
    const exposed = /^EXPOSE (.+)$/m.exec(dockerfile)?.[1]?.split(' ').map(Number);
    expect(exposed?.sort(byNumber)).toEqual(wanted.sort(byNumber));
  });

  it('mounts the config file where the image looks for it', () => {
    expect(gateway.volumes).toContain(`./deploy/compose/airlock.yaml:${CONFIG_PATH}:ro`);
    expect(dockerfile).toContain(`CMD ["start", "-c", "${CONFIG_PATH}"]`);
  });

  it('provides every ${ENV} the config file references, and the upstream password matches the seed', () => {
    for (const name of envRefs(composeConfigText)) expect(Object.keys(gateway.environment)).toContain(name);
    expect(gateway.environment.APP_DB_PASSWORD).toBe(compose.services['target-db'].environment.APP_DB_PASSWORD);
    expect(gateway.environment.AUDIT_DB_PASSWORD).toBe(compose.services['audit-db'].environment.POSTGRES_PASSWORD);
  });

  it('only carries obviously fake dev defaults for secrets', () => {
    const defaults = [...readRepoFile('docker-compose.yml').matchAll(/\$\{[A-Z_]+:-([^}]*)\}/g)].map((m) => m[1]!);
    const secretDefaults = defaults.filter((d) => d !== 'info');
    expect(secretDefaults.length).toBeGreaterThanOrEqual(4);
    for (const d of secretDefaults) expect(d).toMatch(/^dev-only-change-me/);
  });

  it('starts the gateway only after its dependencies report healthy', () => {
    const deps = Object.entries(gateway.depends_on as Record<string, Yaml>);
    expect(deps.map(([name]) => name).sort()).toEqual(['audit-db', 'redis', 'target-db']);
    for (const [name, dep] of deps) {
      expect(dep.condition).toBe('service_healthy');
      expect(compose.services[name].healthcheck.test.length).toBeGreaterThan(0);
    }
  });

  it('points the config at the compose services and seeds the target database', () => {
    expect(composeConfig.redis.url).toBe('redis://redis:6379');
    expect(composeConfig.audit.database).toMatch(/@audit-db:5432\/airlock$/);
    expect(compose.services['audit-db'].environment.POSTGRES_DB).toBe('airlock');
    const upstream = composeConfig.connections[0].upstream;
    expect(upstream).toMatchObject({ host: 'target-db', database: 'app', user: 'app_rw' });
    expect(compose.services['target-db'].environment.POSTGRES_DB).toBe('app');
    expect(compose.services['target-db'].volumes[0]).toMatch(/^\.\/deploy\/sample\/target-init\.sql:\/docker-entrypoint-initdb\.d\//);
  });

  it('does not publish the databases or Redis, so agents only reach them through the gateway', () => {
    for (const name of ['redis', 'audit-db', 'target-db']) expect(compose.services[name].ports).toBeUndefined();
  });
});

describe('Kubernetes manifests', () => {
  it('put every object in the airlock namespace', () => {
    expect(byKind('Namespace').metadata.name).toBe('airlock');
    for (const m of manifests.filter((x) => x.kind !== 'Namespace')) expect(m.metadata.namespace).toBe('airlock');
  });

  it('line up the Service, container and config ports', () => {
    const containerPorts = Object.fromEntries(container.ports.map((p: Yaml) => [p.name, p.containerPort]));
    expect(containerPorts).toEqual({ postgres: k8sConfig.listeners.postgres.port, http: k8sConfig.gateway.http.port });
    for (const p of service.spec.ports) {
      expect(p.port).toBe(containerPorts[p.targetPort]);
    }
    expect(service.spec.ports.map((p: Yaml) => p.port).sort(byNumber)).toEqual([8080, 15432]);
  });

  it('select the Deployment pods from the Service and the PodDisruptionBudget', () => {
    expect(pod.metadata.labels).toMatchObject(service.spec.selector);
    expect(pod.metadata.labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(deployment.spec.selector.matchLabels).toEqual(pdb.spec.selector.matchLabels);
    expect(deployment.spec.replicas).toBeGreaterThan(pdb.spec.minAvailable);
  });

  it('probe readiness on /readyz and liveness on /healthz over the http port', () => {
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });

  it('use the pod name as the gateway id', () => {
    const env = container.env.find((e: Yaml) => e.name === 'AIRLOCK_GATEWAY_ID');
    expect(env.valueFrom.fieldRef.fieldPath).toBe('metadata.name');
    expect(k8sConfig.gateway.id).toBeUndefined(); // a fixed id would override it on every replica
  });

  it('fill every ${ENV} in the ConfigMap from the Secret, which holds only placeholders', () => {
    expect(container.envFrom).toContainEqual({ secretRef: { name: secret.metadata.name } });
    for (const name of envRefs(k8sConfigText)) expect(Object.keys(secret.stringData)).toContain(name);
    for (const [key, value] of Object.entries(secret.stringData as Record<string, string>)) {
      if (/(TOKEN|PASSWORD)$/.test(key)) expect(value).toBe('REPLACE_ME');
      if (value.includes('@')) expect(value).toContain(':REPLACE_ME@');
    }
  });

  it('mount the ConfigMap where the container args look for the config', () => {
    expect(container.args).toEqual(['start', '-c', CONFIG_PATH]);
    const mount = container.volumeMounts.find((m: Yaml) => m.name === 'config');
    expect(join(mount.mountPath, 'airlock.yaml')).toBe(CONFIG_PATH);
    expect(pod.spec.volumes.find((v: Yaml) => v.name === 'config').configMap.name).toBe(configMap.metadata.name);
  });

  it('run non-root on a read-only root filesystem with the spool on a writable volume', () => {
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    const writable = container.volumeMounts
      .filter((m: Yaml) => pod.spec.volumes.find((v: Yaml) => v.name === m.name).emptyDir)
      .map((m: Yaml) => m.mountPath as string);
    expect(writable.some((dir: string) => k8sConfig.audit.spool.startsWith(`${dir}/`))).toBe(true);
  });

  it('give a terminating pod time to finish statements waiting for approval', () => {
    const timeout = durationMs(k8sConfig.policies['sql-default'].approvals.timeout);
    expect(pod.spec.terminationGracePeriodSeconds * 1000).toBeGreaterThan(timeout);
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
  });
});

describe('.ci/run', () => {
  it('is an executable bash script that parses and fails fast', () => {
    const path = join(repoRoot, '.ci/run');
    expect(statSync(path).mode & 0o111).not.toBe(0);
    execFileSync('bash', ['-n', path]);
    expect(readRepoFile('.ci/run')).toMatch(/^set -euo pipefail$/m);
    expect(readRepoFile('.ci/run')).toMatch(/^npm test/m);
  });
});
