import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP forwarder in front of a real server, to simulate outages: `cut()` kills every connection and
 * stops listening (clients get ECONNREFUSED), `restore()` listens on the same port again;
 * `holdReplies()` lets requests through but keeps the server's replies back until `releaseReplies()`.
 */
export interface Forwarder {
  readonly port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  holdReplies(): void;
  releaseReplies(): void;
  close(): Promise<void>;
}

export async function startForwarder(target: { host: string; port: number }): Promise<Forwarder> {
  const sockets = new Set<Socket>();
  const held: Array<{ to: Socket; chunk: Buffer }> = [];
  let holding = false;
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = createConnection(target);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => undefined); // a cut connection errors on both sides; that is the point
        }
        client.pipe(upstream);
        upstream.on('data', (chunk: Buffer) => (holding ? held.push({ to: client, chunk }) : client.write(chunk)));
        upstream.on('end', () => client.end());
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        const addr = s.address();
        if (typeof addr === 'object' && addr) port = addr.port;
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    held.length = 0;
    sockets.forEach((sock) => sock.destroy());
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await listen();
  return {
    port,
    cut,
    restore: listen,
    holdReplies: () => void (holding = true),
    releaseReplies: () => {
      holding = false;
      for (const { to, chunk } of held.splice(0)) to.write(chunk);
    },
    close: cut,
  };
}
