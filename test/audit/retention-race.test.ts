import { describe, expect, it } from 'vitest';
import { AuditStore } from '../../src/audit/audit-store.js';
import { openAuditTrail } from '../../src/audit/open-audit.js';
import { openPgDriver } from '../../src/audit/pg-driver.js';
import { pruneTrail } from '../../src/audit/retention/prune.js';
import { verifyStore } from '../../src/audit/verify.js';
import { silentLogger } from '../../src/util/log.js';
import { createDatabase } from '../support/databases.js';
import { databaseUrl, tempDir } from './helpers.js';
import { daysAgo, recordHistory } from './retention-fixture.js';

describe('audit verify racing a pruning run', () => {
  it('checks again from the new checkpoints instead of reporting the pruned events as missing', async () => {
    const db = await createDatabase('ret_race');
    const trail = await openAuditTrail({ database: databaseUrl(db), spool: tempDir(), readers: [] }, { chain: 'gw-1' });
    await recordHistory(trail);
    await trail.close();

    const driver = openPgDriver(databaseUrl(db), { connectTimeoutMs: 5000, log: silentLogger });
    const pruner = new AuditStore(openPgDriver(databaseUrl(db), { connectTimeoutMs: 5000, log: silentLogger }));
    let pruned = false;
    // The run commits right after verify read the checkpoints and before it reads the first page of events.
    const store = new AuditStore({
      ...driver,
      async query<R>(sql: string, params?: readonly unknown[], name?: string): Promise<R[]> {
        if (!pruned && sql.includes('ORDER BY chain, seq LIMIT')) {
          pruned = true;
          await pruneTrail(pruner, { cutoff: daysAgo(90), by: 'alice' });
        }
        return driver.query<R>(sql, params, name);
      },
    });
    expect(await verifyStore(store)).toEqual({ ok: true, count: 8 });
    expect(pruned).toBe(true);
    await Promise.all([store.close(), pruner.close()]);
  });
});
