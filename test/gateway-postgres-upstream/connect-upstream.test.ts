import { beforeAll, describe, expect, it } from 'vitest';
import type { PostgresUpstreamConfig } from '../../src/config/types.js';
import { connectUpstream, type UpstreamConnection } from '../../src/gateway/postgres/upstream/connect-upstream.js';
import { UpstreamError } from '../../src/gateway/postgres/upstream/upstream-error.js';
import { createDatabase, createRole, pgTarget } from '../support/databases.js';
import { MD5_ROLE, PLAIN_ROLE } from '../support/postgres-server.js';
import { simpleQuery, terminate } from './simple-query.js';

const SCRAM_ROLE = 'upstream_scram';
const PASSWORD = 'Upstream-Secret-7f3a';

let database: string;
const config = (user: string, password?: string): PostgresUpstreamConfig => ({ ...pgTarget(), database, user, password, sslmode: 'disable' });

beforeAll(async () => {
  database = await createDatabase('upstream');
  await createRole(SCRAM_ROLE, PASSWORD);
  await createRole(MD5_ROLE, PASSWORD, 'md5');
  await createRole(PLAIN_ROLE, PASSWORD);
});

/** Proves the handed-over socket is clean, ready and usable by someone else's listener. */
async function expectUsable(conn: UpstreamConnection, user: string): Promise<void> {
  expect(conn.transactionStatus).toBe('I');
  expect(conn.leftover.length).toBe(0);
  expect(conn.socket.listenerCount('data')).toBe(0);
  expect(conn.socket.listenerCount('readable')).toBe(0);
  expect(conn.socket.isPaused()).toBe(true);
  expect(conn.parameters.get('server_version')).toMatch(/^\d+/);
  expect(conn.backendKey.processId).toBeGreaterThan(0);
  const result = await simpleQuery(conn, 'select current_user, current_database(), pg_backend_pid()::text');
  expect(result.rows).toEqual([[user, database, String(conn.backendKey.processId)]]);
  await terminate(conn);
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('connectUpstream authentication against a real PostgreSQL', () => {
  it('logs in with SCRAM-SHA-256', async () => {
    await expectUsable(await connectUpstream(config(SCRAM_ROLE, PASSWORD)), SCRAM_ROLE);
  });

  it('logs in with MD5', async () => {
    await expectUsable(await connectUpstream(config(MD5_ROLE, PASSWORD)), MD5_ROLE);
  });

  it('logs in with a cleartext password', async () => {
    await expectUsable(await connectUpstream(config(PLAIN_ROLE, PASSWORD)), PLAIN_ROLE);
  });

  it('logs in with trust and no password configured', async () => {
    await expectUsable(await connectUpstream(config('postgres')), 'postgres');
  });

  it.each([
    ['SCRAM', SCRAM_ROLE],
    ['MD5', MD5_ROLE],
    ['cleartext', PLAIN_ROLE],
  ])('rejects a wrong %s password with 28P01 and never reveals the password', async (_method, user) => {
    const wrong = 'Wrong-Secret-91bd';
    const err = await rejection(connectUpstream(config(user, wrong)));
    expect(err.code).toBe('28P01');
    expect(err.message).toBe(`upstream rejected the gateway's login: password authentication failed for user "${user}" (28P01)`);
    for (const text of [err.message, err.stack ?? '', JSON.stringify(err)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('rejects an unknown database with 3D000', async () => {
    const err = await rejection(connectUpstream({ ...config(SCRAM_ROLE, PASSWORD), database: 'no_such_db_here' }));
    expect(err.code).toBe('3D000');
    expect(err.message).toContain('"no_such_db_here" does not exist');
  });

  it('refuses clearly when the server asks for a password and none is configured', async () => {
    const err = await rejection(connectUpstream(config(SCRAM_ROLE)));
    expect(err.message).toMatch(/asked for a password, but none is configured for user "upstream_scram"/);
  });

  it('forwards application_name and the filtered startup parameters', async () => {
    const conn = await connectUpstream(config(SCRAM_ROLE, PASSWORD), {
      applicationName: 'airlock:devin:psql',
      startupParams: { DateStyle: 'German, DMY', client_encoding: 'LATIN1' },
    });
    expect(conn.parameters.get('application_name')).toBe('airlock:devin:psql');
    expect(conn.parameters.get('client_encoding')).toBe('LATIN1');
    const result = await simpleQuery(conn, "select current_setting('DateStyle')");
    expect(result.rows).toEqual([['German, DMY']]);
    await terminate(conn);
  });

  it('refuses startup parameters that would choose the upstream role or smuggle extra ones', async () => {
    await expect(connectUpstream(config(SCRAM_ROLE, PASSWORD), { startupParams: { user: 'postgres' } })).rejects.toThrow(
      /startup parameter "user" cannot be forwarded/,
    );
    await expect(connectUpstream(config(SCRAM_ROLE, PASSWORD), { startupParams: { DateStyle: 'ISO\0user\0postgres' } })).rejects.toThrow(
      /contains a NUL byte/,
    );
  });

  it('names host:port when the connection is refused', async () => {
    const { host } = pgTarget();
    const err = await rejection(connectUpstream({ ...config(SCRAM_ROLE, PASSWORD), port: 1 }));
    expect(err.message).toBe(`cannot reach upstream ${host}:1: ECONNREFUSED`);
  });
});
