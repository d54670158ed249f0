import { createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * A stand-in upstream that follows a test's script byte for byte, for server behaviour a real
 * PostgreSQL never shows (lying about SCRAM, oversized or malformed messages, silence).
 */
export interface ScriptedPeer {
  /** The untyped first packet (StartupMessage or SSLRequest), body after the length word. */
  readStartup(): Promise<Buffer>;
  /** The next typed frontend message. */
  readMessage(): Promise<{ type: string; body: Buffer }>;
  send(...messages: Buffer[]): void;
  readonly socket: Socket;
}

export interface ScriptedServer {
  readonly port: number;
  /** Resolves when the connector closes (or destroys) the connection. */
  readonly peerClosed: Promise<void>;
  close(): Promise<void>;
}

export function backendMessage(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

export function authMessage(code: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(code);
  return backendMessage('R', Buffer.concat([head, payload]));
}

/** AuthenticationOk, BackendKeyData, ReadyForQuery(I): the end of a trust login. */
export function trustLoginReply(): Buffer {
  const key = Buffer.alloc(8);
  key.writeInt32BE(4242, 0);
  key.writeInt32BE(777, 4);
  return Buffer.concat([authMessage(0), backendMessage('K', key), backendMessage('Z', Buffer.from('I'))]);
}

export async function scriptedServer(script: (peer: ScriptedPeer) => Promise<void>): Promise<ScriptedServer> {
  let markClosed!: () => void;
  const peerClosed = new Promise<void>((resolve) => (markClosed = resolve));
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let buffered = Buffer.alloc(0);
    let wake: (() => void) | undefined;
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      wake?.();
    });
    socket.on('error', () => undefined); // the connector may reset the connection; the test checks its side
    socket.on('close', () => {
      sockets.delete(socket);
      markClosed();
      wake?.();
    });
    const take = async (n: number): Promise<Buffer> => {
      while (buffered.length < n) {
        if (socket.destroyed) throw new Error('connector closed the connection');
        await new Promise<void>((resolve) => (wake = resolve));
      }
      const out = buffered.subarray(0, n);
      buffered = buffered.subarray(n);
      return out;
    };
    const peer: ScriptedPeer = {
      socket,
      async readStartup() {
        const length = (await take(4)).readInt32BE(0);
        return take(length - 4);
      },
      async readMessage() {
        const head = await take(5);
        return { type: head.toString('latin1', 0, 1), body: await take(head.readInt32BE(1) - 4) };
      },
      send: (...messages) => void socket.write(Buffer.concat(messages)),
    };
    script(peer).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    peerClosed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
