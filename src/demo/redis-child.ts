import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';

export interface RedisChild {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts `redis-server` from PATH on a loopback port with persistence off, for zero-config runs. */
export async function startRedisChild(port: number): Promise<RedisChild> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`could not start redis-server (${err.message}); install it or set REDIS_URL`)));
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}; is port ${port} free?`)));
  });
  await Promise.race([exited, waitForPort(port)]);
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = createConnection(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start listening on port ${port}`);
}
