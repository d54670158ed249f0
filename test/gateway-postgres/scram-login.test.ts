import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scramClientFinal, scramClientFirst } from '../../src/gateway/postgres/upstream/scram-sha-256.js';
import { AGENT, HASHED_AGENT, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

const WRONG_TOKEN = 'wrong-token-never-logged';
const INVALID_TOKEN = 'airlock: authentication failed: invalid token';

function frame(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head[0] = type.charCodeAt(0);
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

function startup(user: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0prod\0\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + params.length, 0);
  head.writeInt32BE(196608, 4);
  return Buffer.concat([head, params]);
}

function saslInitialResponse(mechanism: string, data: string): Buffer {
  const len = Buffer.alloc(4);
  len.writeInt32BE(Buffer.byteLength(data), 0);
  return frame('p', Buffer.concat([Buffer.from(mechanism + '\0'), len, Buffer.from(data)]));
}

/** Reads whole backend messages off a raw connection, one at a time; undefined once it closed. */
function rawConnection(user: string) {
  const socket = connect(gw.port, '127.0.0.1');
  let buffered = Buffer.alloc(0);
  let closed = false;
  let wake = () => undefined as void;
  socket.on('data', (b) => ((buffered = Buffer.concat([buffered, b])), wake()));
  socket.on('close', () => ((closed = true), wake()));
  socket.on('error', () => undefined);
  socket.write(startup(user));
  return {
    send: (b: Buffer) => socket.write(b),
    close: () => socket.destroy(),
    async next(): Promise<{ type: string; body: Buffer } | undefined> {
      for (;;) {
        if (buffered.length >= 5 && buffered.length >= 1 + buffered.readInt32BE(1)) {
          const end = 1 + buffered.readInt32BE(1);
          const message = { type: String.fromCharCode(buffered[0]!), body: buffered.subarray(5, end) };
          buffered = buffered.subarray(end);
          return message;
        }
        if (closed) return undefined;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

function errorFields(body: Buffer): Record<string, string> {
  return Object.fromEntries(
    body
      .toString('utf8')
      .split('\0')
      .filter(Boolean)
      .map((f) => [f[0]!, f.slice(1)]),
  );
}

interface Exchange {
  readonly mechanisms: string[];
  readonly serverFirst?: string;
  readonly serverFinal?: string;
  readonly error?: Record<string, string>;
  readonly expectedServerFinal?: string;
}

/** One SCRAM login over a raw socket with the gateway's own SCRAM client, optionally tampering with its messages. */
async function scramExchange(user: string, opts: { token?: string; clientFirst?: string; tamper?: (clientFinal: string) => string } = {}): Promise<Exchange> {
  const c = rawConnection(user);
  try {
    const sasl = (await c.next())!;
    expect(sasl.type).toBe('R');
    expect(sasl.body.readInt32BE(0)).toBe(10);
    const mechanisms = sasl.body.subarray(4).toString().split('\0').filter(Boolean);
    const first = scramClientFirst();
    c.send(saslInitialResponse('SCRAM-SHA-256', opts.clientFirst ?? first.message));
    const cont = (await c.next())!;
    if (cont.type === 'E') return { mechanisms, error: errorFields(cont.body) };
    expect(cont.body.readInt32BE(0)).toBe(11);
    const serverFirst = cont.body.subarray(4).toString();
    const final = await scramClientFinal(first, serverFirst, opts.token ?? AGENT.token);
    c.send(frame('p', Buffer.from(opts.tamper ? opts.tamper(final.message) : final.message)));
    const reply = (await c.next())!;
    const expectedServerFinal = `v=${final.expectedServerSignature.toString('base64')}`;
    if (reply.type === 'E') return { mechanisms, serverFirst, expectedServerFinal, error: errorFields(reply.body) };
    expect(reply.body.readInt32BE(0)).toBe(12);
    return { mechanisms, serverFirst, expectedServerFinal, serverFinal: reply.body.subarray(4).toString() };
  } finally {
    c.close();
  }
}

const SERVER_FIRST = /^r=[^,]{24,},s=([A-Za-z0-9+/]{22}==),i=4096$/;

describe('SCRAM-SHA-256 login', () => {
  it('logs psql in with SCRAM and records the method with the session', async () => {
    const r = await gw.psql(['-c', 'SELECT 41 + 1']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('42\n');
    const starts = (await gw.auditEvents()).filter((e) => e.type === 'session.start' && e.identity === AGENT.name);
    expect(starts.at(-1)?.data).toMatchObject({ auth: 'scram-sha-256', groups: ['agents'] });
  });

  it('logs node-postgres in with SCRAM (it checks our server signature)', async () => {
    const client = await gw.client();
    expect((await client.query('SELECT current_user = current_user AS ok')).rows).toEqual([{ ok: true }]);
    await client.end();
  });

  it('offers SCRAM-SHA-256 only and proves the server knows the verifier', async () => {
    const x = await scramExchange(AGENT.name);
    expect(x.mechanisms).toEqual(['SCRAM-SHA-256']);
    expect(x.serverFirst).toMatch(SERVER_FIRST);
    expect(x.serverFinal).toBe(x.expectedServerFinal);
  });

  it('refuses a wrong token with 28P01 and the usual message', async () => {
    const r = await gw.psql(['-c', 'SELECT 1'], { token: WRONG_TOKEN });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`FATAL:  ${INVALID_TOKEN}`);
    const x = await scramExchange(AGENT.name, { token: WRONG_TOKEN });
    expect(x.error).toMatchObject({ S: 'FATAL', C: '28P01', M: INVALID_TOKEN });
  });

  it('runs the same exchange for an unknown user and fails it the same way, revealing nothing', async () => {
    const known = await scramExchange(AGENT.name, { token: WRONG_TOKEN });
    const unknown = await scramExchange('nobody-here', { token: WRONG_TOKEN });
    const again = await scramExchange('nobody-here', { token: AGENT.token });
    expect(unknown.mechanisms).toEqual(known.mechanisms);
    expect(unknown.serverFirst).toMatch(SERVER_FIRST);
    expect(unknown.error).toEqual(known.error);
    expect(again.error).toEqual(known.error);
    // The salt of a name stays put across attempts, as it does for a real identity.
    expect(SERVER_FIRST.exec(again.serverFirst!)?.[1]).toBe(SERVER_FIRST.exec(unknown.serverFirst!)?.[1]);
    expect(SERVER_FIRST.exec((await scramExchange(AGENT.name)).serverFirst!)?.[1]).toBe(SERVER_FIRST.exec(known.serverFirst!)?.[1]);

    const err = await new pg.Client({ host: '127.0.0.1', port: gw.port, database: 'prod', user: 'nobody-here', password: WRONG_TOKEN }).connect().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '28P01', message: INVALID_TOKEN });
  });

  it('still logs in an identity whose token is configured as sha256: with a cleartext password on loopback', async () => {
    const r = await gw.psql(['-c', 'SELECT 7'], { user: HASHED_AGENT.name, token: HASHED_AGENT.token });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('7\n');
    const starts = (await gw.auditEvents()).filter((e) => e.type === 'session.start' && e.identity === HASHED_AGENT.name);
    expect(starts.at(-1)?.data).toMatchObject({ auth: 'password' });
  });

  it.each([
    ['channel binding', { clientFirst: 'p=tls-server-end-point,,n=,r=abcdefghijkl' }, '08P01', /channel binding \(SCRAM-SHA-256-PLUS\) is not supported/],
    ['bad base64 in the proof', { tamper: (m: string) => m.replace(/p=.*/, 'p=%%%%') }, '08P01', /malformed SCRAM client-final message/],
    ['a nonce that is not the server\'s', { tamper: (m: string) => m.replace(/,r=([^,]*)/, ',r=$1x') }, '08P01', /SCRAM nonce mismatch/],
    ['garbage instead of a client-first message', { clientFirst: '\u0000\u00ff garbage' }, '08P01', /malformed SCRAM client-first message/],
  ])('ends a login with %s with a clear FATAL, and keeps serving', async (_what, opts, code, message) => {
    const x = await scramExchange(AGENT.name, opts);
    expect(x.error).toMatchObject({ S: 'FATAL', C: code });
    expect(x.error?.M).toMatch(message);
    expect((await gw.psql(['-c', 'SELECT 1'])).stdout).toBe('1\n');
  });

  it('refuses a mechanism it did not offer', async () => {
    const c = rawConnection(AGENT.name);
    await c.next();
    c.send(saslInitialResponse('SCRAM-SHA-256-PLUS', 'p=tls-server-end-point,,n=,r=abc'));
    const reply = (await c.next())!;
    c.close();
    expect(errorFields(reply.body)).toMatchObject({ C: '08P01', M: 'airlock: protocol violation: client selected an invalid SASL authentication mechanism' });
  });

  it('never writes a token to the logs or the audit trail', async () => {
    const trail = JSON.stringify(await gw.auditEvents());
    for (const secret of [AGENT.token, HASHED_AGENT.token, WRONG_TOKEN]) {
      expect(gw.logs.join('\n')).not.toContain(secret);
      expect(trail).not.toContain(secret);
    }
  });
});
