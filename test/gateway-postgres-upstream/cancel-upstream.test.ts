import { beforeAll, describe, expect, it } from 'vitest';
import type { PostgresUpstreamConfig } from '../../src/config/types.js';
import { cancelUpstream, connectUpstream } from '../../src/gateway/postgres/upstream/connect-upstream.js';
import { createDatabase, createRole, pgTarget } from '../support/databases.js';
import { simpleQuery, terminate } from './simple-query.js';

const ROLE = 'upstream_cancel';
const PASSWORD = 'Cancel-Secret-22c1';
let cfg: PostgresUpstreamConfig;

beforeAll(async () => {
  await createRole(ROLE, PASSWORD);
  cfg = { ...pgTarget(), database: await createDatabase('upstream_cancel'), user: ROLE, password: PASSWORD, sslmode: 'disable' };
});

describe('cancelUpstream', () => {
  it('cancels a running statement, which then fails with 57014 and leaves the session usable', async () => {
    const conn = await connectUpstream(cfg);
    const running = simpleQuery(conn, 'select pg_sleep(30)');
    const watcher = await connectUpstream(cfg);
    // Cancel only once the backend is really inside pg_sleep, or the cancel could land before the query.
    for (;;) {
      const { rows } = await simpleQuery(watcher, `select wait_event from pg_stat_activity where pid = ${conn.backendKey.processId}`);
      if (rows[0]?.[0] === 'PgSleep') break;
    }
    await cancelUpstream(cfg, conn.backendKey);
    const outcome = await running;
    expect(outcome.error?.code).toBe('57014');
    expect((await simpleQuery(conn, 'select 1')).rows).toEqual([['1']]);
    await terminate(conn);
    await terminate(watcher);
  });

  it('names host:port when the cancel connection is refused', async () => {
    await expect(cancelUpstream({ ...cfg, port: 1 }, { processId: 1, secretKey: 1 })).rejects.toThrow(`cannot reach upstream ${cfg.host}:1: ECONNREFUSED`);
  });
});
