import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { freePort } from '../../test/support/ports.js';
import { spawnServer } from '../../test/support/process.js';
import type { BenchDatabase } from './bench-database.js';
import { untilReady } from './ready.js';

export const BENCH_IDENTITY = 'bench';

export interface Gateway {
  readonly port: number;
  /** The review API and probes. */
  readonly httpPort: number;
  readonly pid: number;
  /** The connection name clients give as dbname. */
  readonly database: string;
  readonly token: string;
  stop(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The config a production deployment would run, minus reviewers' channels: full policy and masking path. */
export function benchConfig(db: BenchDatabase, o: { redisUrl: string; audit: string; dir: string; pgPort: number; httpPort: number; token: string }) {
  return {
    gateway: { id: 'bench', http: { port: o.httpPort, host: '127.0.0.1' } },
    redis: { url: o.redisUrl },
    audit: { database: o.audit, spool: join(o.dir, 'spool') },
    identity: { tokens: [{ name: BENCH_IDENTITY, token: o.token, groups: ['bench'] }] },
    listeners: { postgres: { port: o.pgPort, host: '127.0.0.1' } },
    connections: [
      {
        name: 'bench',
        type: 'postgres',
        upstream: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password, sslmode: 'disable' },
        policy: 'bench',
        reviewers: ['bench'],
        mask: 'pii-default',
      },
    ],
    policies: { bench: { preset: 'postgres', rules: [], approvals: { timeout: '5m', quorum: 1 } } },
    masking: { 'pii-default': { columns: ['*.password', '*.ssn'], detectors: ['email', 'credit_card', 'us_ssn', 'iban', 'phone', 'ip', 'secrets'] } },
    channels: { console: {} },
  };
}

export type BenchConfig = ReturnType<typeof benchConfig>;

/**
 * Runs `airlock start` as a child on free ports and waits until /readyz answers 200. `configure`
 * may reshape the bench config (other connections, policies) before it is written.
 */
export async function startGateway(
  db: BenchDatabase,
  redisUrl: string,
  audit: 'postgres' | 'embedded',
  configure: (config: BenchConfig) => object = (config) => config,
): Promise<Gateway> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-gateway-'));
  const [pgPort, httpPort] = [await freePort(), await freePort()];
  const token = randomBytes(16).toString('hex');
  const auditTarget = audit === 'embedded' ? `embedded:${join(dir, 'audit')}` : db.auditUrl;
  const configFile = join(dir, 'airlock.yaml');
  writeFileSync(configFile, stringify(configure(benchConfig(db, { redisUrl, audit: auditTarget, dir, pgPort, httpPort, token }))), { mode: 0o600 });
  const proc = spawnServer(['node', join(repoRoot, 'bin/airlock.js'), 'start', '-c', configFile], {
    cwd: dir,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  const stop = async () => {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilReady(proc, `the gateway (/readyz on port ${httpPort})`, async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).ok, 60_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port: pgPort, httpPort, pid: proc.child.pid!, database: 'bench', token, stop };
}
