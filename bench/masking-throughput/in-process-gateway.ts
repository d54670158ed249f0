import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startGateway } from '../../src/server.js';
import { createLogger } from '../../src/util/log.js';
import type { BenchDatabase } from '../pgbench/bench-database.js';
import { maskingBenchConfig } from './gateway-config.js';

export interface InProcessGateway {
  readonly port: number;
  /** The agent token clients give as password. */
  readonly token: string;
  stop(): Promise<void>;
}

/**
 * Runs the gateway inside this process, so process.cpuUsage() around a run is the gateway's CPU
 * (the bench itself only waits on psql meanwhile). Errors go to stderr; the rest is dropped.
 */
export async function startInProcessGateway(db: BenchDatabase): Promise<InProcessGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-masking-'));
  const token = randomBytes(16).toString('hex');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const gateway = await startGateway(maskingBenchConfig(db, { token, spoolDir: dir }), {
      log: createLogger({}, { level: 'error', write: (line) => process.stderr.write(`${line}\n`) }),
      consoleOut: new PassThrough(),
    });
    const port = gateway.ports.postgres;
    if (port === undefined) {
      await gateway.close(0);
      throw new Error('the gateway started without its postgres listener');
    }
    return {
      port,
      token,
      async stop() {
        await gateway.close(2000);
        remove();
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}
