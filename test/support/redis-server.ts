import { Redis } from 'ioredis';
import { requireBinary } from './binaries.js';
import { freePort } from './ports.js';
import { spawnServer, waitFor } from './process.js';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Default: a free port. Pass the port of a stopped server to bring it back where clients expect it. */
  readonly port?: number;
  /** Keep the data here (append-only file, flushed on SIGTERM), so a restart with the same dir still has it. */
  readonly dir?: string;
}

/** Starts a throwaway redis-server on a free port, with persistence off unless `dir` is given. */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const bin = requireBinary('redis-server', 'redis-server');
  const port = opts.port ?? (await freePort());
  const persistence = opts.dir ? ['--dir', opts.dir, '--appendonly', 'yes'] : ['--appendonly', 'no'];
  const proc = spawnServer([bin, '--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence]);
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (proc.child.exitCode !== null) throw new Error(`redis-server exited: ${proc.output()}`);
    const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    r.on('error', () => undefined); // refused while starting; the loop retries
    try {
      await r.connect();
      return (await r.ping()) === 'PONG';
    } finally {
      r.disconnect();
    }
  }, `redis on port ${port}`);
  return { url, port, stop: () => proc.stop() };
}
