import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditTrail } from '../../src/audit/open-audit.js';
import { collect, tempDir } from './helpers.js';
import { daysAgo, recordHistory } from './retention-fixture.js';

describe('audit retention on embedded PGlite', () => {
  it('prunes behind a checkpoint, verifies, and resumes the chain with the same SQL as PostgreSQL', async () => {
    const dir = tempDir();
    const cfg = { database: `embedded:${join(dir, 'audit')}`, spool: join(dir, 'spool'), readers: [] };
    const trail = await openAuditTrail(cfg, { chain: 'demo' });
    await recordHistory(trail);
    expect((await trail.prune({ cutoff: daysAgo(90), by: 'alice' })).checkpoints).toMatchObject([{ chain: 'demo', seq: 3, pruned: 3 }]);
    await trail.record({ type: 'auth.failed', at: new Date(), sessionId: null, identity: null, connection: 'prod-db', protocol: 'postgres', data: {} });
    expect((await collect(trail)).map((e) => `${e.chain}:${e.seq}`).sort()).toEqual(['airlock:retention:1', ...[10, 11, 4, 5, 6, 7, 8, 9].map((s) => `demo:${s}`)]);
    expect(await trail.verify()).toEqual({ ok: true, count: 9 });
    await trail.close();
  }, 120_000); // PGlite takes seconds to start on a busy machine
});
