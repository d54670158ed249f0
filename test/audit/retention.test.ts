import { describe, expect, it } from 'vitest';
import { openAuditTrail, PruneRefusedError, type AuditTrail } from '../../src/audit/open-audit.js';
import { replayLines } from '../../src/audit/replay/replay-lines.js';
import type { AuditConfig } from '../../src/config/types.js';
import { adminQuery, createDatabase } from '../support/databases.js';
import { collect, databaseUrl, tempDir } from './helpers.js';
import { daysAgo, recordHistory, storedSeqs, tamper } from './retention-fixture.js';

async function open(db: string, chain: string, cfg: Partial<AuditConfig> = {}): Promise<AuditTrail> {
  return openAuditTrail({ database: databaseUrl(db), spool: tempDir(), readers: [], ...cfg }, { chain });
}

/** gw-1 with its history, pruned at 90 days by alice. */
async function prunedTrail(prefix: string) {
  const db = await createDatabase(prefix);
  const trail = await open(db, 'gw-1');
  await recordHistory(trail);
  const before = await collect(trail);
  const cutoff = daysAgo(90);
  const result = await trail.prune({ cutoff, by: 'alice' });
  return { db, trail, before, cutoff, result };
}

describe('audit retention', () => {
  it('prunes whole old sessions behind a checkpoint, keeps a session running past the cutoff, and verify passes', async () => {
    const { db, trail, before, cutoff, result } = await prunedTrail('ret_basic');
    expect(result).toEqual({
      cutoff,
      dryRun: false,
      checkpoints: [{ chain: 'gw-1', seq: 3, hash: before[2]!.hash, pruned: 3, cutoff, at: expect.any(Date), by: 'alice' }],
    });
    expect(await storedSeqs(db, 'gw-1')).toEqual([4, 5, 6, 7, 8, 9, 10]);
    const pruned = (await collect(trail)).filter((e) => e.type === 'audit.pruned');
    expect(pruned).toMatchObject([
      { chain: 'airlock:retention', seq: 1, identity: 'alice', data: { cutoff: cutoff.toISOString(), checkpoints: [{ chain: 'gw-1', seq: 3, hash: before[2]!.hash, pruned: 3 }] } },
    ]);
    expect(await adminQuery(db, 'SELECT chain, seq::int, pruned::int, pruned_by FROM audit_checkpoints')).toEqual([{ chain: 'gw-1', seq: 3, pruned: 3, pruned_by: 'alice' }]);
    expect(await trail.verify()).toEqual({ ok: true, count: 8 });

    // Session A is gone entirely; B, which started before the cutoff, is still whole.
    expect((await trail.sessions({}, 10)).map((s) => s.start.sessionId)).toEqual(['C', 'B']);
    expect(await trail.sessionEvents('A', 100)).toEqual([]);
    expect((await trail.sessionEvents('B', 100)).map((e) => e.type)).toEqual(['session.start', 'statement', 'statement', 'session.end']);
    await trail.close();
  });

  it('goes on from the checkpoints: a restart after a whole chain was pruned, new events, a later run', async () => {
    const db = await createDatabase('ret_resume');
    const one = await open(db, 'gw-1');
    let two = await open(db, 'gw-2');
    await recordHistory(one);
    for (let i = 0; i < 3; i++) await two.record({ type: 'auth.failed', at: daysAgo(200), sessionId: null, identity: null, connection: 'prod-db', protocol: 'postgres', data: { i } });
    expect((await one.prune({ cutoff: daysAgo(90), by: 'alice' })).checkpoints.map((c) => [c.chain, c.seq])).toEqual([['gw-1', 3], ['gw-2', 3]]);
    expect(await storedSeqs(db, 'gw-2')).toEqual([]);

    await two.close();
    two = await open(db, 'gw-2');
    await two.record({ type: 'auth.failed', at: new Date(), sessionId: null, identity: null, connection: 'prod-db', protocol: 'postgres', data: {} });
    expect(await storedSeqs(db, 'gw-2')).toEqual([4]);
    expect(await two.verify()).toEqual({ ok: true, count: 8 + 1 });

    // Session B ended yesterday: with a 12-hour cutoff it goes, and C (now) stays.
    expect((await two.prune({ cutoff: daysAgo(0.5), by: 'bob' })).checkpoints.map((c) => [c.chain, c.seq, c.pruned])).toEqual([['gw-1', 8, 5]]);
    expect(await storedSeqs(db, 'gw-1')).toEqual([9, 10]);
    expect(await storedSeqs(db, 'airlock:retention')).toEqual([1, 2]);
    expect(await one.verify()).toEqual({ ok: true, count: 2 + 1 + 2 });
    await Promise.all([one.close(), two.close()]);
  });

  it('with dryRun reports what would go and changes nothing', async () => {
    const db = await createDatabase('ret_dry');
    const trail = await open(db, 'gw-1');
    await recordHistory(trail);
    const result = await trail.prune({ cutoff: daysAgo(90), by: 'alice', dryRun: true });
    expect(result).toMatchObject({ dryRun: true, checkpoints: [{ chain: 'gw-1', seq: 3, pruned: 3 }] });
    expect(await storedSeqs(db, 'gw-1')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await adminQuery(db, 'SELECT * FROM audit_checkpoints')).toEqual([]);
    expect(await trail.verify()).toEqual({ ok: true, count: 10 });
    await trail.close();
  });

  it('refuses to prune over a broken event, names it, and prunes nothing', async () => {
    const db = await createDatabase('ret_refuse');
    const trail = await open(db, 'gw-1');
    await recordHistory(trail);
    await tamper(db, `UPDATE audit_events SET data = '{"text":"SELECT 0"}' WHERE chain = 'gw-1' AND seq = 2`);
    const refused = trail.prune({ cutoff: daysAgo(90), by: 'alice' });
    await expect(refused).rejects.toThrow(PruneRefusedError);
    await expect(refused).rejects.toThrow(/chain gw-1 seq 2: hash mismatch.*; nothing was pruned$/);
    expect(await storedSeqs(db, 'gw-1')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await trail.verify()).toMatchObject({ ok: false, broken: { chain: 'gw-1', seq: 2 } });
    await trail.close();
  });

  it('prunes a backlog in steps of about `batch` events, each its own checkpoint, never splitting a session', async () => {
    const db = await createDatabase('ret_batch');
    const trail = await open(db, 'gw-1');
    const old = (type: 'session.start' | 'statement' | 'auth.failed', sessionId: string | null) =>
      trail.record({ type, at: daysAgo(200), sessionId, identity: 'devin', connection: 'prod-db', protocol: 'postgres', data: {} });
    // seq 1-7: one session longer than a batch of 3; seq 8-17: ten events of no session.
    await old('session.start', 'long');
    for (let i = 0; i < 6; i++) await old('statement', 'long');
    for (let i = 0; i < 10; i++) await old('auth.failed', null);
    const all = await collect(trail);

    const cutoff = daysAgo(90);
    const result = await trail.prune({ cutoff, by: 'alice', batch: 3 });
    expect(result.checkpoints).toEqual([{ chain: 'gw-1', seq: 17, hash: all[16]!.hash, pruned: 17, cutoff, at: expect.any(Date), by: 'alice' }]);
    // The long session went whole in the first step, whose share grew from 3 to 12 events to fit it.
    const steps = await adminQuery<{ seq: number; pruned: number }>(db, 'SELECT seq::int, pruned::int FROM audit_checkpoints ORDER BY seq');
    expect(steps).toEqual([{ seq: 12, pruned: 12 }, { seq: 15, pruned: 3 }, { seq: 17, pruned: 2 }]);
    expect(await storedSeqs(db, 'gw-1')).toEqual([]);
    expect(await storedSeqs(db, 'airlock:retention')).toEqual([1, 2, 3]);
    expect(await trail.verify()).toEqual({ ok: true, count: 3 });
    await trail.close();
  });

  it('keeps what earlier steps pruned when a later step reaches a broken event, and says so', async () => {
    const db = await createDatabase('ret_batch_refuse');
    const trail = await open(db, 'gw-1');
    for (let i = 0; i < 6; i++) await trail.record({ type: 'auth.failed', at: daysAgo(200), sessionId: null, identity: null, connection: 'prod-db', protocol: 'postgres', data: { i } });
    await tamper(db, `UPDATE audit_events SET data = '{"i":40}' WHERE chain = 'gw-1' AND seq = 5`);
    await expect(trail.prune({ cutoff: daysAgo(90), by: 'alice', batch: 2 })).rejects.toThrow(
      /chain gw-1 seq 5: hash mismatch.*; earlier steps of this run pruned 4 events; nothing more was pruned$/,
    );
    expect(await storedSeqs(db, 'gw-1')).toEqual([5, 6]);
    await trail.close();
  });

  it('prunes once when instances prune at the same time, while gateways keep writing', async () => {
    const db = await createDatabase('ret_concurrent');
    const a = await open(db, 'gw-a');
    const b = await open(db, 'gw-b');
    await recordHistory(a, 'a-');
    await recordHistory(b, 'b-');
    const now = (i: number) => ({ type: 'auth.failed' as const, at: new Date(), sessionId: null, identity: null, connection: 'prod-db', protocol: 'postgres' as const, data: { i } });
    const run = (t: AuditTrail) => t.prune({ cutoff: daysAgo(90), by: 'schedule' });
    const [results] = await Promise.all([
      Promise.all([run(a), run(b), run(a), run(b)]),
      Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).record(now(i)))),
    ]);
    expect(results.filter((r) => r.checkpoints.length > 0).map((r) => r.checkpoints.map((c) => [c.chain, c.seq]))).toEqual([[['gw-a', 3], ['gw-b', 3]]]);
    expect(await storedSeqs(db, 'airlock:retention')).toEqual([1]);
    expect(await a.verify()).toEqual({ ok: true, count: 2 * 7 + 40 + 1 });
    await Promise.all([a.close(), b.close()]);
  });

  it('lists and replays a session whose start was pruned before a late event of it arrived', async () => {
    const { trail } = await prunedTrail('ret_late');
    await trail.record({ type: 'statement', at: new Date(), sessionId: 'A', identity: 'devin', connection: 'prod-db', protocol: 'postgres', data: { text: 'SELECT 5', tags: ['SELECT 1'] } });
    expect((await trail.sessions({}, 10)).map((s) => s.start.sessionId)).toEqual(['C', 'B']);
    expect(replayLines(await trail.sessionEvents('A', 100)).map((l) => l.text)).toEqual(['SELECT 5  → SELECT 1']);
    expect(await trail.verify()).toEqual({ ok: true, count: 9 });
    await trail.close();
  });

  it('applies audit.retention by itself once the trail opens', async () => {
    const db = await createDatabase('ret_schedule');
    let trail = await open(db, 'gw-1');
    await recordHistory(trail);
    await trail.close();
    trail = await open(db, 'gw-1', { retention: 90 * 86_400_000 });
    await trail.close(); // waits for the run the schedule started
    trail = await open(db, 'gw-1');
    expect(await storedSeqs(db, 'gw-1')).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect((await collect(trail)).filter((e) => e.type === 'audit.pruned')).toMatchObject([{ identity: 'retention 90d (gateway gw-1)' }]);
    expect(await trail.verify()).toEqual({ ok: true, count: 8 });
    await trail.close();
  });

  it('refuses the retention chain as a gateway id', async () => {
    const db = await createDatabase('ret_reserved');
    await expect(open(db, 'airlock:retention')).rejects.toThrow(/reserved/);
  });
});

describe('audit verify after pruning and tampering', () => {
  const RETENTION = { chain: 'airlock:retention', seq: 1 };
  it.each([
    ['an edited kept event', `UPDATE audit_events SET identity = 'mallory' WHERE chain = 'gw-1' AND seq = 7`, { chain: 'gw-1', seq: 7, reason: /hash mismatch/ }],
    ['a kept event deleted in the middle', `DELETE FROM audit_events WHERE chain = 'gw-1' AND seq = 6`, { chain: 'gw-1', seq: 6, reason: /event missing: seq 6 not found/ }],
    ['the first kept event deleted', `DELETE FROM audit_events WHERE chain = 'gw-1' AND seq = 4`, { chain: 'gw-1', seq: 4, reason: /event missing: seq 4 not found \(next stored event is seq 5\)/ }],
    ['the checkpoint deleted', 'DELETE FROM audit_checkpoints', { ...RETENTION, reason: /checkpoint missing: .*chain gw-1 pruned through seq 3/ }],
    ['the checkpoint hash altered', `UPDATE audit_checkpoints SET hash = repeat('0', 64)`, { ...RETENTION, reason: /checkpoint altered: .*chain gw-1 pruned through seq 3 .* in hash/ }],
    ['the count pruned and who altered', `UPDATE audit_checkpoints SET pruned = 1, pruned_by = 'mallory'`, { ...RETENTION, reason: /in count pruned, who pruned$/ }],
    [
      'the checkpoint moved on to hide more deletions',
      `UPDATE audit_checkpoints SET seq = 5, hash = (SELECT hash FROM audit_events WHERE chain = 'gw-1' AND seq = 5);
       DELETE FROM audit_events WHERE chain = 'gw-1' AND seq <= 5`,
      { ...RETENTION, reason: /checkpoint missing: .*through seq 3/ },
    ],
    ['the audit.pruned event altered', `UPDATE audit_events SET identity = 'mallory' WHERE chain = 'airlock:retention'`, { ...RETENTION, reason: /hash mismatch/ }],
    ['a checkpoint forged', `INSERT INTO audit_checkpoints VALUES ('gw-9', 7, 'x', 7, now(), now(), 'mallory')`, { chain: 'gw-9', seq: 7, reason: /checkpoint not recorded/ }],
    [
      'the checkpoint and its audit.pruned event deleted',
      `DELETE FROM audit_checkpoints; DELETE FROM audit_events WHERE chain = 'airlock:retention'`,
      { chain: 'gw-1', seq: 1, reason: /event missing: seq 1 not found \(next stored event is seq 4\)/ },
    ],
  ])('names what is wrong after %s', async (_, sql, broken) => {
    const { db, trail } = await prunedTrail('ret_tamper');
    await tamper(db, sql);
    expect(await trail.verify()).toMatchObject({ ok: false, broken: { chain: broken.chain, seq: broken.seq, reason: expect.stringMatching(broken.reason) } });
    await trail.close();
  });
});
