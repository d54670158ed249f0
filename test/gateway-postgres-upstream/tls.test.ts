import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresUpstreamConfig } from '../../src/config/types.js';
import { connectUpstream } from '../../src/gateway/postgres/upstream/connect-upstream.js';
import { selfSigned } from '../support/certificates.js';
import { pgTarget } from '../support/databases.js';
import { startPostgres, type PostgresServer } from '../support/postgres-server.js';
import { simpleQuery, terminate } from './simple-query.js';

let dir: string;
let server: PostgresServer;
let serverCa: string;
let otherCa: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'airlock-tls-'));
  const cert = selfSigned(dir, 'upstream', 'DNS:localhost');
  serverCa = cert.pem;
  otherCa = selfSigned(dir, 'stranger', 'DNS:localhost').pem;
  server = await startPostgres({ ssl: cert });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// The superuser has trust on loopback, so these tests are about the transport alone.
const tlsServer = (sslmode: PostgresUpstreamConfig['sslmode'], more: Partial<PostgresUpstreamConfig> = {}): PostgresUpstreamConfig => ({
  host: 'localhost', port: server.port, database: 'postgres', user: 'postgres', sslmode, ...more,
});
const plainServer = (sslmode: PostgresUpstreamConfig['sslmode']): PostgresUpstreamConfig => ({
  ...pgTarget(), database: 'postgres', user: 'postgres', sslmode,
});

async function expectEncrypted(cfg: PostgresUpstreamConfig): Promise<void> {
  const conn = await connectUpstream(cfg);
  expect(conn.tls).toBe(true);
  expect(conn.socket.listenerCount('data')).toBe(0);
  const { rows } = await simpleQuery(conn, 'select ssl::text from pg_stat_ssl where pid = pg_backend_pid()');
  expect(rows).toEqual([['true']]);
  await terminate(conn);
}

describe('connectUpstream TLS per sslmode', () => {
  it('require: encrypts without verifying the certificate', async () => {
    await expectEncrypted(tlsServer('require', { host: '127.0.0.1' }));
  });

  it('prefer: upgrades when the server offers TLS', async () => {
    await expectEncrypted(tlsServer('prefer'));
  });

  it('verify-full: accepts the server signed by the configured CA under its name', async () => {
    await expectEncrypted(tlsServer('verify-full', { caCert: serverCa }));
  });

  it('verify-full: refuses a server the configured CA did not sign', async () => {
    await expect(connectUpstream(tlsServer('verify-full', { caCert: otherCa }))).rejects.toThrow(
      new RegExp(`^TLS handshake with upstream localhost:${server.port} failed: `),
    );
  });

  it('verify-full: refuses a certificate issued for another host name', async () => {
    await expect(connectUpstream(tlsServer('verify-full', { host: '127.0.0.1', caCert: serverCa }))).rejects.toThrow(
      /TLS handshake with upstream 127\.0\.0\.1:\d+ failed: Hostname\/IP does not match/,
    );
  });

  it('prefer: continues in plain text when the server has no TLS', async () => {
    const conn = await connectUpstream(plainServer('prefer'));
    expect(conn.tls).toBe(false);
    expect((await simpleQuery(conn, 'select 1')).rows).toEqual([['1']]);
    await terminate(conn);
  });

  it.each(['require', 'verify-full'] as const)('%s: fails clearly when the server has no TLS', async (sslmode) => {
    const { host, port } = pgTarget();
    await expect(connectUpstream(plainServer(sslmode))).rejects.toThrow(`upstream ${host}:${port} does not support TLS, but sslmode is ${sslmode}`);
  });
});
