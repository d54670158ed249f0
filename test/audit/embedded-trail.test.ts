import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditTrail } from '../../src/audit/open-audit.js';
import { collect, statement, tempDir } from './helpers.js';

describe('audit trail on embedded PGlite', () => {
  it('stores, batches, verifies and resumes across a restart with the same SQL as PostgreSQL', async () => {
    const dir = tempDir();
    const cfg = { database: `embedded:${join(dir, 'audit')}`, spool: join(dir, 'spool'), readers: [] };
    let trail = await openAuditTrail(cfg, { chain: 'demo' });
    await Promise.all(Array.from({ length: 50 }, (_, i) => trail.record(statement(i, { at: new Date(0), note: 'a "quoted", multi\nline value' }))));
    expect(trail.stats().batches).toBeLessThan(50);
    await trail.close();

    trail = await openAuditTrail(cfg, { chain: 'demo' });
    await trail.record({ type: 'auth.failed', at: new Date(), sessionId: null, identity: null, connection: 'prod-db', protocol: 'postgres', data: { reason: 'bad token', client: '10.0.0.9' } });
    const events = await collect(trail);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(events[0]!.data).toMatchObject({ at: '1970-01-01T00:00:00.000Z', note: 'a "quoted", multi\nline value' });
    expect(events[50]).toMatchObject({ type: 'auth.failed', identity: null, data: { reason: 'bad token' } });
    expect(await trail.verify()).toEqual({ ok: true, count: 51 });
    await trail.close();
  });

  it('rejects an unknown database scheme with a clear error', async () => {
    await expect(openAuditTrail({ database: 'mysql://x', spool: tempDir(), readers: [] }, { chain: 'x' })).rejects.toThrow(
      /postgres:\/\/ URL or embedded:PATH/,
    );
  });
});
