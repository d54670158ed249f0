import { appendFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditTrail, type AuditTrail } from '../../src/audit/open-audit.js';
import { createLogger } from '../../src/util/log.js';
import { createDatabase, pgTarget } from '../support/databases.js';
import { waitFor } from '../support/process.js';
import { collect, databaseUrl, statement, tempDir } from './helpers.js';
import { daysAgo } from './retention-fixture.js';
import { startForwarder, type Forwarder } from './tcp-forwarder.js';

let forwarder: Forwarder;

beforeAll(async () => {
  forwarder = await startForwarder(pgTarget());
});
afterAll(() => forwarder.close());

function urlVia(db: string): string {
  return `postgres://postgres@127.0.0.1:${forwarder.port}/${db}`;
}

function open(db: string, spool: string, logLines?: string[]): Promise<AuditTrail> {
  const log = logLines ? createLogger({}, { level: 'debug', write: (l) => logLines.push(l) }) : undefined;
  return openAuditTrail({ database: urlVia(db), spool, readers: [] }, { chain: 'gw-1', retryMs: 50, flushTimeoutMs: 2000, ...(log ? { log } : {}) });
}

async function replayed(trail: AuditTrail): Promise<void> {
  await waitFor(async () => trail.stats().pendingSpool === 0, 'spool replay');
}

/** Once replay is done, the stored chain holds seq 1..count in order and verifies; then closes the trail. */
async function expectWholeChain(trail: AuditTrail, count: number): Promise<void> {
  await replayed(trail);
  expect((await collect(trail)).map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  expect(await trail.verify()).toEqual({ ok: true, count });
  await trail.close();
}

describe('audit trail during a database outage', () => {
  it('spools while the database is down and replays in order when it returns', async () => {
    const db = await createDatabase('audit_outage');
    const spool = tempDir();
    const trail = await open(db, spool);
    await trail.record(statement(0));
    await forwarder.cut();
    await Promise.all(Array.from({ length: 20 }, (_, i) => trail.record(statement(i + 1))));
    await trail.record(statement(21));
    expect(trail.accepting).toBe(true);
    expect(trail.stats()).toMatchObject({ written: 1, spooled: 21, pendingSpool: 21 });
    await forwarder.restore();
    await replayed(trail);
    await trail.record(statement(22));
    expect(trail.stats()).toMatchObject({ replayed: 21, written: 2 });
    expect((await collect(trail)).map((e) => e.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(await trail.verify()).toEqual({ ok: true, count: 23 });
    expect(readdirSync(join(spool, 'gw-1')).filter((n) => n.endsWith('.jsonl'))).toEqual([]);
    await trail.close();
  });

  it('spools a flush that outlives its timeout, and does not store it twice when the late commit lands', async () => {
    const db = await createDatabase('audit_slow');
    const trail = await openAuditTrail({ database: urlVia(db), spool: tempDir(), readers: [] }, { chain: 'gw-1', retryMs: 50, flushTimeoutMs: 300 });
    await trail.record(statement(0));
    forwarder.holdReplies();
    try {
      await trail.record(statement(1)); // the INSERT reaches the database and commits; its reply is held back
      expect(trail.stats()).toMatchObject({ written: 1, spooled: 1 });
    } finally {
      forwarder.releaseReplies();
    }
    await replayed(trail);
    expect(trail.stats().replayed).toBe(0);
    await trail.record(statement(2));
    expect((await collect(trail)).map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await trail.verify()).toEqual({ ok: true, count: 3 });
    await trail.close();
  });

  it('does not bring back events a prune took while they waited in the spool', async () => {
    const db = await createDatabase('audit_slow_pruned');
    const trail = await openAuditTrail({ database: urlVia(db), spool: tempDir(), readers: [] }, { chain: 'gw-1', retryMs: 50, flushTimeoutMs: 300 });
    const old = (i: number) => ({ ...statement(i), at: daysAgo(200) });
    await trail.record(old(0));
    forwarder.holdReplies();
    try {
      await trail.record(old(1)); // commits, but its reply is held back: spooled too
      expect(trail.stats()).toMatchObject({ written: 1, spooled: 1 });
      // Another instance, straight to the database, prunes both before the spool is replayed.
      const pruner = await openAuditTrail({ database: databaseUrl(db), spool: tempDir(), readers: [] }, { chain: 'gw-2' });
      expect((await pruner.prune({ cutoff: daysAgo(90), by: 'retention' })).checkpoints).toMatchObject([{ chain: 'gw-1', seq: 2, pruned: 2 }]);
      await pruner.close();
    } finally {
      forwarder.releaseReplies();
    }
    await replayed(trail);
    await trail.record(statement(2));
    expect((await collect(trail)).filter((e) => e.chain === 'gw-1').map((e) => e.seq)).toEqual([3]);
    expect(await trail.verify()).toMatchObject({ ok: true });
    await trail.close();
  });

  it('starts while the database is down, resuming the chain from the spool tail', async () => {
    const db = await createDatabase('audit_down_start');
    const spool = tempDir();
    let trail = await open(db, spool);
    await trail.record(statement(0));
    await forwarder.cut();
    try {
      await trail.record(statement(1));
      await trail.close();
      trail = await open(db, spool);
      expect(trail.stats().pendingSpool).toBe(1);
      await trail.record(statement(2));
    } finally {
      await forwarder.restore();
    }
    await expectWholeChain(trail, 3);
  });

  it('resumes from the head saved at a clean stop when it restarts with the database down and no spool', async () => {
    const db = await createDatabase('audit_head');
    const spool = tempDir();
    let trail = await open(db, spool);
    await trail.record(statement(0));
    await trail.record(statement(1));
    await trail.close();
    await forwarder.cut();
    try {
      trail = await open(db, spool);
      await trail.record(statement(2));
    } finally {
      await forwarder.restore();
    }
    await expectWholeChain(trail, 3);
  });

  it('refuses new work when neither the database nor the spool can be written, and recovers', async () => {
    const db = await createDatabase('audit_refuse');
    const root = tempDir();
    const blocker = join(root, 'not-a-dir');
    writeFileSync(blocker, 'a regular file where the spool directory should be');
    const trail = await open(db, join(blocker, 'spool'));
    await trail.record(statement(0));
    await forwarder.cut();
    try {
      await expect(trail.record(statement(1))).rejects.toThrow(/spool cannot be written/);
      expect(trail.accepting).toBe(false);
      rmSync(blocker);
      await waitFor(async () => trail.accepting, 'accepting again once the spool is writable');
      await trail.record(statement(2));
    } finally {
      await forwarder.restore();
    }
    await replayed(trail);
    const events = await collect(trail);
    expect(events.map((e) => e.data.sql)).toEqual(['select 0', 'select 2']);
    expect(await trail.verify()).toEqual({ ok: true, count: 2 });
    await trail.close();
  });

  it('ignores a torn last spool line with a warning', async () => {
    const db = await createDatabase('audit_torn');
    const spool = tempDir();
    let trail = await open(db, spool);
    await forwarder.cut();
    try {
      await trail.record(statement(0));
      await trail.record(statement(1));
      await trail.close();
      const dir = join(spool, 'gw-1');
      const segment = readdirSync(dir).find((n) => n.endsWith('.jsonl'))!;
      appendFileSync(join(dir, segment), '{"data":{"sql":"select 2"},"chain":"gw-1","se');
    } finally {
      await forwarder.restore();
    }
    const lines: string[] = [];
    trail = await open(db, spool, lines);
    await replayed(trail);
    expect(lines.some((l) => /torn last line/.test(l) && JSON.parse(l).level === 'warn')).toBe(true);
    expect((await collect(trail)).map((e) => e.data.sql)).toEqual(['select 0', 'select 1']);
    await trail.record(statement(3));
    expect(await trail.verify()).toEqual({ ok: true, count: 3 });
    await trail.close();
  });

  it('never logs the database password', async () => {
    const db = await createDatabase('audit_secret');
    const lines: string[] = [];
    const spool = tempDir();
    await forwarder.cut();
    try {
      const trail = await openAuditTrail(
        { database: `postgres://postgres:hunter2-secret@127.0.0.1:${forwarder.port}/${db}`, spool, readers: [] },
        { chain: 'gw-1', retryMs: 50, log: createLogger({}, { level: 'debug', write: (l) => lines.push(l) }) },
      );
      await trail.record(statement(0));
      await trail.close();
    } finally {
      await forwarder.restore();
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('hunter2-secret');
  });
});

