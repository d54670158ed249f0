import { spawn } from 'node:child_process';
import { requireBinary } from './binaries.js';

export interface PsqlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface PsqlTarget {
  readonly port: number;
  readonly dbname: string;
  readonly user: string;
  readonly password: string;
  readonly host?: string;
  readonly sslmode?: 'disable' | 'require';
  /** More libpq connection parameters, e.g. "replication=database". */
  readonly extra?: string;
}

/** Runs the real psql against a target, unaligned and tuples-only so outputs are easy to compare. */
export function psql(target: PsqlTarget, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string; onSpawn?: (pid: number) => void } = {}): Promise<PsqlResult> {
  const conn = `host=${target.host ?? '127.0.0.1'} port=${target.port} dbname=${target.dbname} user=${target.user} sslmode=${target.sslmode ?? 'disable'} ${target.extra ?? ''}`;
  const child = spawn(requireBinary('psql', 'postgresql-client'), ['-X', '-At', '-d', conn, ...args], {
    env: { ...process.env, PGPASSWORD: target.password, PGCONNECT_TIMEOUT: '10', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (child.pid) opts.onSpawn?.(child.pid);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.end(opts.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
