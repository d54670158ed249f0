import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandshakeRefused } from '../../src/gateway/postgres/handshake-refused.js';
import { runHandshake } from '../../src/gateway/postgres/startup-handshake.js';
import { hashToken } from '../../src/identity/hash-token.js';
import { StaticTokenAuthenticator } from '../../src/identity/static-token-authenticator.js';
import { selfSigned } from '../support/certificates.js';
import { psql } from '../support/psql.js';
import { AGENT, startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
beforeAll(async () => {
  const cert = selfSigned(mkdtempSync(join(tmpdir(), 'airlock-gw-tls-')), 'gateway', 'DNS:localhost,IP:127.0.0.1');
  gw = await startTestGateway({ tls: { cert: cert.pem, key: cert.keyPem } });
});
afterAll(() => gw?.close());

describe('TLS on the Postgres listener', () => {
  it('offers TLS to psql (sslmode=require) and records the session as encrypted', async () => {
    const r = await gw.psql(['-c', 'SELECT 1'], { sslmode: 'require' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('1\n');
    const start = (await gw.auditEvents()).find((e) => e.type === 'session.start');
    expect(start?.data).toMatchObject({ client: { tls: true } });
  });

  it('still serves loopback clients without TLS', async () => {
    expect((await gw.psql(['-c', 'SELECT 2'])).stdout).toBe('2\n');
  });
});

describe('off loopback without TLS', () => {
  /** Runs one handshake over a Unix socket, which has no loopback address and so stands in for a remote client. */
  async function handshakeOffLoopback(configuredToken: string): Promise<{ outcome: unknown; psqlCode: number | null }> {
    const authenticator = new StaticTokenAuthenticator([{ name: AGENT.name, token: configuredToken, groups: [] }]);
    const path = join(mkdtempSync(join(tmpdir(), 'airlock-sock-')), '.s.PGSQL.5432');
    const outcome = new Promise<unknown>((resolve) => {
      const server = createServer((socket: Socket) => {
        runHandshake(socket, {
          authenticator,
          scramCredential: (user) => authenticator.scramCredential(user),
          maxMessageBytes: 1 << 20,
          timeoutMs: 5000,
          cancel: () => undefined,
        }).then(resolve, resolve).finally(() => {
          socket.destroy();
          server.close();
        });
      }).listen(path);
    });
    const r = await psql({ host: join(path, '..'), port: 5432, dbname: 'prod', user: AGENT.name, password: AGENT.token }, ['-c', 'select 1']);
    return { outcome: await outcome, psqlCode: r.code };
  }

  it('accepts SCRAM-SHA-256, since the token never crosses the wire', async () => {
    const { outcome } = await handshakeOffLoopback(AGENT.token);
    expect(outcome).toMatchObject({ auth: 'scram-sha-256', tls: false, identity: { name: AGENT.name, source: 'token' } });
  });

  it('refuses to ask for a cleartext password (a token configured as sha256:)', async () => {
    const { outcome, psqlCode } = await handshakeOffLoopback(hashToken(AGENT.token));
    expect(outcome).toBeInstanceOf(HandshakeRefused);
    expect((outcome as HandshakeRefused).reason).toMatch(/requires TLS/);
    expect(psqlCode).not.toBe(0);
  });
});
