import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from '../../test/support/binaries.js';
import { spawnServer, type Spawned } from '../../test/support/process.js';

/** Where and as whom pgbench connects; the password is the role's, pgbouncer's or the agent token. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  /** A pgbench script file run instead of the built-in select-only script (-S). */
  readonly script?: string;
}

export interface RunSettings {
  readonly seconds: number;
  readonly extended: boolean;
}

let running: Spawned | undefined;

/** Stops the pgbench in flight, if any (for Ctrl-C and errors). */
export function stopRunningPgbench(): Promise<void> {
  return running?.stop() ?? Promise.resolve();
}

async function pgbench(endpoint: Endpoint, settings: RunSettings, extra: string[]): Promise<string> {
  const argv = [
    requireBinary('pgbench', 'postgresql'),
    '-n', // no vacuum: the gateway target must not need maintenance rights
    // The built-in select-only script measures the proxy path, not disk or locks.
    ...(endpoint.script ? ['-f', endpoint.script] : ['-S']),
    '-T', String(settings.seconds),
    '-M', settings.extended ? 'extended' : 'simple',
    '-h', endpoint.host,
    '-p', String(endpoint.port),
    '-U', endpoint.user,
    ...extra,
    endpoint.database,
  ];
  const proc = spawnServer(argv, { env: { ...process.env, PGPASSWORD: endpoint.password, PGSSLMODE: 'disable' } });
  running = proc;
  const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
  running = undefined;
  if (code !== 0) throw new Error(`pgbench against ${endpoint.host}:${endpoint.port}/${endpoint.database} failed (exit ${code}):\n${proc.output()}`);
  return proc.output();
}

/** pgbench's summary line "tps = 1234.56 (without initial connection time)". */
export function parseTps(output: string): number {
  const m = /^tps = ([\d.]+) \(without initial connection time\)$/m.exec(output);
  if (!m) throw new Error(`no tps line in pgbench output:\n${output}`);
  return Number(m[1]);
}

/** Per-transaction log lines "client_id transaction_no time_us script_no epoch epoch_us": the latencies in µs. */
export function parseLatencyLog(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => Number(line.split(' ')[2]));
}

export async function measureThroughput(endpoint: Endpoint, settings: RunSettings, clients: number): Promise<number> {
  return parseTps(await pgbench(endpoint, settings, ['-c', String(clients), '-j', String(Math.min(2, clients))]));
}

/** One client, one thread, every transaction logged: the per-statement latency a single agent sees. */
export async function measureLatencies(endpoint: Endpoint, settings: RunSettings): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-log-'));
  try {
    await pgbench(endpoint, settings, ['-c', '1', '-j', '1', '-l', `--log-prefix=${join(dir, 'tx')}`]);
    return readdirSync(dir).flatMap((f) => parseLatencyLog(readFileSync(join(dir, f), 'utf8')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
