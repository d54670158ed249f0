import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { asServiceUser, requireBinary } from './binaries.js';
import { freePort } from './ports.js';
import { spawnServer, waitFor, type Spawned } from './process.js';

export const MD5_ROLE = 'airlock_md5';
export const PLAIN_ROLE = 'airlock_plain';

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  /** Superuser URL (trust on loopback) for test setup. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Serve TLS (ssl=on) with this certificate and key (PEM files; copied into the cluster directory). */
  readonly ssl?: { readonly certFile: string; readonly keyFile: string };
}

/** When running as root the server runs as postgres, so the files it reads must belong to that user. */
function serviceOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** PostgreSQL refuses a key file readable by others, so the copies are 0600 and owned by the server user. */
function installPrivateFile(from: string, to: string, owner: { uid: number; gid: number } | undefined): void {
  copyFileSync(from, to);
  chmodSync(to, 0o600);
  if (owner) chownSync(to, owner.uid, owner.gid);
}

/**
 * Starts a throwaway PostgreSQL cluster on a free port. Loopback logins use SCRAM for every role but
 * the superuser (trust, for setup), so the gateway's upstream authentication is exercised for real;
 * the roles MD5_ROLE and PLAIN_ROLE get md5 and cleartext-password authentication.
 */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<PostgresServer> {
  const initdb = requireBinary('initdb', 'postgresql');
  const postgres = requireBinary('postgres', 'postgresql');
  const dir = mkdtempSync(join(tmpdir(), 'airlock-pg-'));
  const data = join(dir, 'data');
  const owner = serviceOwner();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  const [initCmd, ...initArgs] = asServiceUser([initdb, '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  execFileSync(initCmd!, initArgs, { stdio: 'pipe' });
  writeFileSync(
    join(data, 'pg_hba.conf'),
    [
      'local all all trust',
      'host all postgres 127.0.0.1/32 trust',
      `host all ${MD5_ROLE} 127.0.0.1/32 md5`,
      `host all ${PLAIN_ROLE} 127.0.0.1/32 password`,
      'host all all 127.0.0.1/32 scram-sha-256',
      '',
    ].join('\n'),
  );
  appendFileSync(join(data, 'postgresql.conf'), "\nfsync = on\nmax_connections = 300\nlog_min_messages = warning\n");
  if (opts.ssl) {
    installPrivateFile(opts.ssl.certFile, join(data, 'server.crt'), owner);
    installPrivateFile(opts.ssl.keyFile, join(data, 'server.key'), owner);
    appendFileSync(join(data, 'postgresql.conf'), "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n");
  }
  const port = await freePort();
  const proc: Spawned = spawnServer(
    asServiceUser([postgres, '-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', dir]),
  );
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(async () => {
    if (proc.child.exitCode !== null) throw new Error(`postgres exited: ${proc.output()}`);
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.end();
    return true;
  }, `postgres on port ${port}`);
  return {
    host: '127.0.0.1',
    port,
    adminUrl,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
