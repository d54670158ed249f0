import { psql } from '../../test/support/psql.js';
import type { Endpoint } from '../pgbench/run-pgbench.js';

export interface FetchTiming {
  /** Wall time of the whole psql run: start, connect, query, every row read. */
  readonly seconds: number;
  /** User + system CPU this process spent meanwhile: the in-process gateway's work. */
  readonly cpuSeconds: number;
}

let running: number | undefined;

/** Stops the psql in flight, if any (for Ctrl-C and errors). */
export function stopRunningPsql(): void {
  if (running === undefined) return;
  try {
    process.kill(running, 'SIGTERM');
  } catch {
    // it has exited already
  }
}

/** Runs the real psql (-X -A -t) against an endpoint; its output, or an error naming the endpoint. */
export async function runPsql(endpoint: Endpoint, args: string[]): Promise<string> {
  const target = { host: endpoint.host, port: endpoint.port, dbname: endpoint.database, user: endpoint.user, password: endpoint.password };
  const result = await psql(target, args, { onSpawn: (pid) => (running = pid) });
  running = undefined;
  if (result.code !== 0) throw new Error(`psql against ${endpoint.host}:${endpoint.port}/${endpoint.database} failed (exit ${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** Times one complete fetch of `sql`'s result by psql, which reads it all and writes it to /dev/null. */
export async function timeFullFetch(endpoint: Endpoint, sql: string): Promise<FetchTiming> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await runPsql(endpoint, ['-o', '/dev/null', '-c', sql]);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
