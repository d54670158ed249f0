import { afterEach, describe, expect, it } from 'vitest';
import type { PostgresUpstreamConfig } from '../../src/config/types.js';
import { connectUpstream } from '../../src/gateway/postgres/upstream/connect-upstream.js';
import { UpstreamError } from '../../src/gateway/postgres/upstream/upstream-error.js';
import { authMessage, backendMessage, scriptedServer, trustLoginReply, type ScriptedPeer, type ScriptedServer } from './scripted-server.js';

const PASSWORD = 'Hostile-Test-Secret-5e';
let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: (peer: ScriptedPeer) => Promise<void>): Promise<PostgresUpstreamConfig> {
  server = await scriptedServer(script);
  return { host: '127.0.0.1', port: server.port, database: 'app', user: 'app_rw', password: PASSWORD, sslmode: 'disable' };
}

const cstrings = (...values: string[]) => Buffer.from(values.map((v) => `${v}\0`).join(''));

/** Offers SCRAM and answers the client-first message with a proper server-first message. */
async function scramUntilClientFinal(peer: ScriptedPeer): Promise<void> {
  await peer.readStartup();
  peer.send(authMessage(10, cstrings('SCRAM-SHA-256', '')));
  const initial = await peer.readMessage();
  const clientFirst = initial.body.toString('utf8', initial.body.indexOf(0) + 5);
  const nonce = /,r=([^,]+)/.exec(clientFirst)![1]!;
  peer.send(authMessage(11, Buffer.from(`r=${nonce}server,s=${Buffer.from('salt').toString('base64')},i=4096`)));
}

async function rejection(cfg: PostgresUpstreamConfig, opts?: Parameters<typeof connectUpstream>[1]): Promise<UpstreamError> {
  const err = await connectUpstream(cfg, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  expect((err as Error).message).not.toContain(PASSWORD);
  return err as UpstreamError;
}

describe('connectUpstream against a server that misbehaves', () => {
  it('rejects a SCRAM server whose final signature is wrong', async () => {
    const cfg = await serve(async (peer) => {
      await scramUntilClientFinal(peer);
      await peer.readMessage();
      peer.send(authMessage(12, Buffer.from(`v=${Buffer.alloc(32, 1).toString('base64')}`)), trustLoginReply());
    });
    expect((await rejection(cfg)).message).toMatch(/could not prove it knows the password/);
    await server!.peerClosed;
  });

  it('rejects a SCRAM server that skips its proof and says AuthenticationOk', async () => {
    const cfg = await serve(async (peer) => {
      await scramUntilClientFinal(peer);
      await peer.readMessage();
      peer.send(trustLoginReply());
    });
    expect((await rejection(cfg)).message).toMatch(/ended SCRAM authentication without proving it knows the password/);
  });

  it('names the mechanisms when none it offers is supported', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      peer.send(authMessage(10, cstrings('SCRAM-SHA-256-PLUS', '')));
    });
    expect((await rejection(cfg)).message).toMatch(/offered only unsupported SASL mechanisms \(SCRAM-SHA-256-PLUS\); the gateway supports SCRAM-SHA-256/);
  });

  it('names an authentication method it does not speak', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      peer.send(authMessage(7));
    });
    expect((await rejection(cfg)).message).toMatch(/asked for GSSAPI authentication, which the gateway does not support/);
  });

  it('fails on an oversized message without waiting for it, and drops the connection', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      const head = Buffer.alloc(5);
      head.write('R');
      head.writeInt32BE(100 * 1024 * 1024, 1);
      peer.send(head);
    });
    const err = await rejection(cfg);
    expect(err.message).toMatch(/oversized message during login \(104857600 bytes/);
    expect(err.category).toBe('protocol');
    await server!.peerClosed;
  });

  it('fails on a message whose length word is impossible', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      peer.send(Buffer.from([0x52, 0, 0, 0, 2]));
    });
    expect((await rejection(cfg)).message).toMatch(/malformed message \(length 2\)/);
  });

  it('fails on a truncated authentication request', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      peer.send(backendMessage('R', Buffer.from([0, 0])));
    });
    expect((await rejection(cfg)).message).toMatch(/malformed authentication message \(truncated\)/);
  });

  it('refuses session messages before the login succeeded', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      peer.send(backendMessage('Z', Buffer.from('I')));
    });
    expect((await rejection(cfg)).message).toMatch(/sent "Z" before authenticating the gateway/);
  });

  it('times out naming host:port when the server never answers', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
    });
    expect((await rejection(cfg, { connectTimeoutMs: 300 })).message).toBe(`timed out after 300 ms connecting to upstream 127.0.0.1:${cfg.port}`);
    await server!.peerClosed;
  });

  it('never echoes the password even if the server does', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      peer.send(backendMessage('E', Buffer.concat([cstrings('SFATAL', 'C28P01', `Mno luck with ${PASSWORD}`), Buffer.from([0])])));
    });
    const err = await rejection(cfg);
    expect(err.message).toBe("upstream rejected the gateway's login: no luck with [redacted] (28P01)");
    expect(err.stack).not.toContain(PASSWORD);
  });

  it('refuses plaintext bytes smuggled after the server accepts TLS', async () => {
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      peer.send(Buffer.from('S'), trustLoginReply());
    });
    expect((await rejection({ ...cfg, sslmode: 'require' })).message).toMatch(/sent unexpected data after its SSL answer/);
  });

  it('ignores notices and protocol negotiation, and hands over bytes that came after ReadyForQuery', async () => {
    const early = backendMessage('S', cstrings('server_version', '15.0'));
    const cfg = await serve(async (peer) => {
      await peer.readStartup();
      const negotiate = Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), cstrings('_pq_.unknown')]);
      const notice = Buffer.concat([cstrings('SNOTICE', 'C00000', 'Mhello'), Buffer.from([0])]);
      peer.send(backendMessage('v', negotiate), backendMessage('N', notice), authMessage(0), early, trustLoginReply().subarray(9), early);
    });
    const conn = await connectUpstream(cfg);
    expect(conn.parameters.get('server_version')).toBe('15.0');
    expect(conn.backendKey).toEqual({ processId: 4242, secretKey: 777 });
    expect(conn.leftover).toEqual(early);
    expect(conn.socket.isPaused()).toBe(true);
    conn.socket.destroy();
  });
});
