import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { spawnServer, waitFor, type Spawned } from '../support/process.js';

/** The parts of a config file this helper reads; the rest is passed through to the file as is. */
export interface GatewayConfigFile {
  readonly gateway: { readonly id: string; readonly http: { readonly port: number; readonly host: string } };
  readonly listeners: { readonly postgres: { readonly port: number; readonly host: string } };
  readonly [section: string]: unknown;
}

export interface GatewayProcess {
  readonly id: string;
  /** Base URL of its HTTP API. */
  readonly url: string;
  readonly pgPort: number;
  readonly child: ChildProcess;
  output(): string;
  /** SIGKILL, as a crash: no drain, no goodbye to Redis. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (then SIGKILL); a no-op once it has exited. */
  stop(): Promise<void>;
}

const running = new Set<Spawned>();

/**
 * Runs `airlock start -c FILE` from source in a child process, with `config` written to FILE (as JSON,
 * which is YAML), and resolves once its HTTP API answers /readyz.
 */
export async function startGatewayProcess(config: GatewayConfigFile, dir: string, env: Readonly<Record<string, string>> = {}): Promise<GatewayProcess> {
  const file = join(dir, `${config.gateway.id}.yaml`);
  await writeFile(file, JSON.stringify(config, null, 2));
  const proc = spawnServer([process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'start', '-c', file], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
  });
  running.add(proc);
  proc.child.once('exit', () => running.delete(proc));
  const url = `http://${config.gateway.http.host}:${config.gateway.http.port}`;
  await waitFor(async () => {
    if (proc.child.exitCode !== null) throw new Error(`gateway ${config.gateway.id} exited: ${proc.output()}`);
    return (await fetch(`${url}/readyz`)).ok;
  }, `gateway ${config.gateway.id} to be ready`, 30_000).catch(async (err: unknown) => {
    await proc.stop();
    throw new Error(`${(err as Error).message}\n${proc.output()}`);
  });
  return {
    id: config.gateway.id,
    url,
    pgPort: config.listeners.postgres.port,
    child: proc.child,
    output: proc.output,
    kill: () =>
      new Promise<void>((resolve) => {
        if (proc.child.exitCode !== null || proc.child.signalCode !== null) return resolve();
        proc.child.once('exit', () => resolve());
        proc.child.kill('SIGKILL');
      }),
    stop: proc.stop,
  };
}

/** Stops every gateway process still running; for afterAll, whatever the tests did. */
export async function stopAllGateways(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}
