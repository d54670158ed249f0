import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditTrail } from '../../src/audit/open-audit.js';
import { createDatabase } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { collect, databaseUrl, statement, tempDir } from './helpers.js';

const spooledLines = (spool: string) =>
  readdirSync(spool, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && f.name.endsWith('.jsonl')).length;

describe('spool-first durability (audit.durability: spool)', () => {
  it('makes events durable in the local spool first, then ships them to the database in order', async () => {
    const db = await createDatabase('audit_spool_first');
    const spool = tempDir();
    const trail = await openAuditTrail({ database: databaseUrl(db), spool, readers: [], durability: 'spool' }, { chain: 'gw-sf' });
    await Promise.all(Array.from({ length: 50 }, (_, i) => trail.record(statement(i))));
    expect(trail.stats()).toMatchObject({ spooled: 50, written: 0 });
    await expect.poll(async () => (await collect(trail)).length, { timeout: 10_000 }).toBe(50);
    expect((await collect(trail)).map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await trail.record(statement(50));
    await trail.close(); // ships what is left before it returns
    const reopened = await openAuditTrail({ database: databaseUrl(db), spool, readers: [], durability: 'spool' }, { chain: 'gw-sf' });
    expect((await collect(reopened)).map((e) => e.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(await reopened.verify()).toEqual({ ok: true, count: 51 });
    await reopened.close();
  });

  it('keeps accepting while the database is unreachable, holding the events in the spool', async () => {
    const spool = tempDir();
    const trail = await openAuditTrail(
      { database: `postgres://postgres@127.0.0.1:${await freePort()}/none`, spool, readers: [], durability: 'spool' },
      { chain: 'gw-sf-down' },
    );
    await trail.record(statement(1));
    expect(trail.accepting).toBe(true);
    expect(trail.stats().pendingSpool).toBe(1);
    expect(spooledLines(join(spool))).toBeGreaterThan(0);
    await trail.close();
  });
});
