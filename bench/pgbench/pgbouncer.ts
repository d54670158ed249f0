import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { asServiceUser, requireBinary } from '../../test/support/binaries.js';
import { freePort } from '../../test/support/ports.js';
import { spawnServer } from '../../test/support/process.js';
import type { BenchDatabase } from './bench-database.js';
import { untilReady } from './ready.js';

export interface Pgbouncer {
  readonly port: number;
  /** The database name clients ask pgbouncer for. */
  readonly database: string;
  stop(): Promise<void>;
}

export interface PgbouncerPool {
  /** `session` by default: one server connection per client, the gateway's own stance. */
  readonly mode?: 'session' | 'transaction';
  /** Server connections per database/user pair; `clients + 10` by default. */
  readonly size?: number;
}

/**
 * Starts pgbouncer in front of the bench database. Session mode (the default) is the same pooling
 * stance as the gateway, so pgbench compares proxy against proxy; transaction mode lets thousands of
 * mostly idle client sessions share a few server connections.
 */
export async function startPgbouncer(db: BenchDatabase, clients: number, pool: PgbouncerPool = {}): Promise<Pgbouncer> {
  const bin = requireBinary('pgbouncer', 'pgbouncer');
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-pgbouncer-'));
  const port = await freePort();
  const database = 'bench';
  // pgbouncer runs SCRAM with the client and the server from this plain password.
  writeFileSync(join(dir, 'userlist.txt'), `"${db.user}" "${db.password}"\n`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `${database} = host=${db.host} port=${db.port} dbname=${db.database}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      "unix_socket_dir = ''",
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `pool_mode = ${pool.mode ?? 'session'}`,
      `max_client_conn = ${clients + 20}`,
      `default_pool_size = ${pool.size ?? clients + 10}`,
      'listen_backlog = 4096',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  if (process.getuid?.() === 0) {
    // pgbouncer refuses to run as root; the service user must read its own files.
    const owner = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
    for (const path of [dir, join(dir, 'userlist.txt'), join(dir, 'pgbouncer.ini')]) chownSync(path, owner('-u'), owner('-g'));
  }
  // runuser's PAM session resets the open-files limit to 1024; take the hard limit for many clients.
  const proc = spawnServer(asServiceUser(['sh', '-c', 'ulimit -n "$(ulimit -Hn)" && exec "$@"', 'sh', bin, join(dir, 'pgbouncer.ini')]));
  const stop = async () => {
    await proc.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await untilReady(proc, `pgbouncer on port ${port}`, async () => {
      const c = new pg.Client({ host: '127.0.0.1', port, database, user: db.user, password: db.password });
      await c.connect();
      await c.end();
      return true;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, database, stop };
}
