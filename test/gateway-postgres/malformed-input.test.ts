import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASHED_AGENT, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

function startup(user: string, database: string): Buffer {
  const params = Buffer.from(`user\0${user}\0database\0${database}\0\0`);
  const b = Buffer.alloc(8);
  b.writeInt32BE(8 + params.length, 0);
  b.writeInt32BE(196608, 4);
  return Buffer.concat([b, params]);
}
function password(p: string): Buffer {
  const body = Buffer.from(p + '\0');
  const head = Buffer.alloc(5);
  head[0] = 'p'.charCodeAt(0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** A raw client that logs in (cleartext, as the sha256-configured agent), then sends `payload`; resolves with everything the gateway sent back (until it closes, or `until` shows up). */
function rawSession(payload: Buffer, until?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s: Socket = connect(gw.port, '127.0.0.1');
    const got: Buffer[] = [];
    let stage = 0;
    s.on('data', (b) => {
      got.push(b);
      const all = Buffer.concat(got);
      if (stage === 0 && all.includes(Buffer.from('R\0\0\0\x08\0\0\0\x03', 'latin1'))) {
        stage = 1;
        s.write(password(HASHED_AGENT.token));
      } else if (stage === 1 && all.includes(Buffer.from('Z\0\0\0\x05I', 'latin1'))) {
        stage = 2;
        s.write(payload);
      } else if (stage === 2 && until && all.toString('latin1').includes(until)) {
        s.end();
      }
    });
    s.on('error', reject);
    s.on('close', () => resolve(Buffer.concat(got).toString('latin1')));
    s.write(startup(HASHED_AGENT.name, 'prod'));
  });
}

describe('startup negotiation', () => {
  it('declines GSSAPI and SSL encryption when TLS is not configured, then asks to authenticate', async () => {
    const request = (code: number) => {
      const b = Buffer.alloc(8);
      b.writeInt32BE(8, 0);
      b.writeInt32BE(code, 4);
      return b;
    };
    const answers = await new Promise<string>((resolve, reject) => {
      const s = connect(gw.port, '127.0.0.1');
      let got = '';
      s.on('data', (b) => {
        got += b.toString('latin1');
        if (got === 'N') s.write(request(80877103));
        else if (got === 'NN') s.write(startup(HASHED_AGENT.name, 'prod'));
        else if (got.length > 2) {
          s.destroy();
          resolve(got);
        }
      });
      s.on('error', reject);
      s.write(request(80877104));
    });
    expect(answers.slice(0, 2)).toBe('NN');
    expect(answers[2]).toBe('R'); // an authentication request
  });
});

describe('malformed client input', () => {
  it('ends only the offending session, with a clear FATAL, for an unknown message type', async () => {
    const healthy = await gw.client();
    const out = await rawSession(Buffer.from([0x7a, 0, 0, 0, 4]));
    expect(out).toMatch(/08P01.*airlock: protocol violation: unknown message type 0x7a/s);
    expect((await healthy.query('SELECT 1 AS still')).rows).toEqual([{ still: 1 }]);
    await healthy.end();
  });

  it('refuses a 1 GB length claim without reading it', async () => {
    const claim = Buffer.alloc(5);
    claim[0] = 'Q'.charCodeAt(0);
    claim.writeInt32BE(1 << 30, 1);
    const out = await rawSession(claim);
    expect(out).toMatch(/exceeds the gateway's limit/);
  });

  it('refuses a message whose length field lies about its strings', async () => {
    const body = Buffer.from('SELECT 1'); // no terminating NUL inside the declared length
    const head = Buffer.alloc(5);
    head[0] = 'Q'.charCodeAt(0);
    head.writeInt32BE(body.length + 4, 1);
    const out = await rawSession(Buffer.concat([head, body]));
    expect(out).toMatch(/unterminated string in Query message/);
  });

  it('refuses the FunctionCall message and keeps the session usable', async () => {
    const fcall = Buffer.from([0x46, 0, 0, 0, 14, 0, 0, 0x04, 0xd2, 0, 0, 0, 0, 0, 0]);
    const query = Buffer.from('Q\0\0\0\x0dSELECT 7\0', 'latin1');
    const out = await rawSession(Buffer.concat([fcall, query]), 'SELECT 1\0Z');
    expect(out).toMatch(/FunctionCall protocol message is not allowed/);
    expect(out).toContain('SELECT 1'); // the CommandComplete of the query that followed
  });
});
