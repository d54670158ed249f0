import { describe, expect, it } from 'vitest';
import { openAuditTrail, type AuditTrail } from '../../src/audit/open-audit.js';
import { adminQuery, createDatabase } from '../support/databases.js';
import { collect, databaseUrl, statement, tempDir } from './helpers.js';

async function open(db: string, chain: string, spool = tempDir()): Promise<AuditTrail> {
  return openAuditTrail({ database: databaseUrl(db), spool, readers: [] }, { chain });
}

describe('audit trail on PostgreSQL', () => {
  it('stores events in order with a correct chain, and batches concurrent records into few INSERTs', async () => {
    const db = await createDatabase('audit_rt');
    const trail = await open(db, 'gw-1');
    await trail.record({ type: 'session.start', at: new Date(), sessionId: 'sess-1', identity: 'devin', connection: 'prod-db', protocol: 'postgres', data: { groups: ['agents'], client: '127.0.0.1', tls: false } });
    await Promise.all(Array.from({ length: 200 }, (_, i) => trail.record(statement(i))));
    const stats = trail.stats();
    expect(stats.written).toBe(201);
    expect(stats.batches).toBeLessThan(50);
    const events = await collect(trail);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 201 }, (_, i) => i + 1));
    expect(events[0]).toMatchObject({ type: 'session.start', chain: 'gw-1', identity: 'devin', data: { groups: ['agents'], tls: false } });
    events.slice(1).forEach((e, i) => expect(e.prevHash).toBe(events[i]!.hash));
    expect(await trail.verify()).toEqual({ ok: true, count: 201 });
    await trail.close();
  });

  it('exports a time window', async () => {
    const db = await createDatabase('audit_window');
    const trail = await open(db, 'gw-1');
    const t = (iso: string) => ({ ...statement(0), at: new Date(iso) });
    for (const iso of ['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z']) await trail.record(t(iso));
    const got = await collect(trail, { since: new Date('2025-01-02T00:00:00Z'), until: new Date('2025-01-03T00:00:00Z') });
    expect(got.map((e) => e.at.toISOString())).toEqual(['2025-01-02T00:00:00.000Z']);
    await trail.close();
  });

  it('resumes the chain after a restart', async () => {
    const db = await createDatabase('audit_resume');
    const spool = tempDir();
    let trail = await open(db, 'gw-1', spool);
    for (let i = 0; i < 3; i++) await trail.record(statement(i));
    await trail.close();
    trail = await open(db, 'gw-1', spool);
    await trail.record(statement(3));
    expect((await collect(trail)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(await trail.verify()).toEqual({ ok: true, count: 4 });
    await trail.close();
  });

  it('rejects updates and deletes in the database itself', async () => {
    const db = await createDatabase('audit_append');
    const trail = await open(db, 'gw-1');
    await trail.record(statement(1));
    await expect(adminQuery(db, `UPDATE audit_events SET identity = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(adminQuery(db, `DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
    await expect(adminQuery(db, `TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    await trail.close();
  });

  it('names the first edited event', async () => {
    const db = await createDatabase('audit_edit');
    const trail = await open(db, 'gw-1');
    for (let i = 0; i < 5; i++) await trail.record(statement(i));
    await adminQuery(db, 'ALTER TABLE audit_events DISABLE TRIGGER USER');
    await adminQuery(db, `UPDATE audit_events SET data = '{"sql":"select 1","verdict":"allow"}' WHERE chain = 'gw-1' AND seq = 3`);
    expect(await trail.verify()).toEqual({ ok: false, count: 3, broken: { chain: 'gw-1', seq: 3, reason: expect.stringMatching(/hash mismatch/) } });
    await trail.close();
  });

  it('names a deleted event, and detects a consistent-looking forgery by its prevHash', async () => {
    const db = await createDatabase('audit_delete');
    const a = await open(db, 'gw-a');
    const b = await open(db, 'gw-b');
    for (let i = 0; i < 4; i++) await Promise.all([a.record(statement(i)), b.record(statement(i))]);
    await adminQuery(db, 'ALTER TABLE audit_events DISABLE TRIGGER USER');
    await adminQuery(db, `DELETE FROM audit_events WHERE chain = 'gw-b' AND seq = 2`);
    const r = await a.verify();
    expect(r).toMatchObject({ ok: false, broken: { chain: 'gw-b', seq: 2, reason: expect.stringMatching(/missing/) } });
    // Renumbering to close the gap still breaks the link.
    await adminQuery(db, `UPDATE audit_events SET seq = seq - 1 WHERE chain = 'gw-b' AND seq > 2`);
    expect(await b.verify()).toMatchObject({ ok: false, broken: { chain: 'gw-b', seq: 2, reason: expect.stringMatching(/prevHash/) } });
    await Promise.all([a.close(), b.close()]);
  });

  it('migrates once when two instances start at the same time', async () => {
    const db = await createDatabase('audit_migrate');
    const trails = await Promise.all([open(db, 'gw-1'), open(db, 'gw-2'), open(db, 'gw-3')]);
    expect(await adminQuery(db, 'SELECT version FROM schema_migrations ORDER BY version')).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    await Promise.all(trails.map((t) => t.close()));
  });

  it('refuses clearly when two instances share a gateway id', async () => {
    const db = await createDatabase('audit_conflict');
    const a = await open(db, 'gw-1');
    const b = await open(db, 'gw-1');
    await a.record(statement(1));
    await expect(b.record(statement(1))).rejects.toThrow(/another gateway instance .* same gateway id/);
    expect(b.accepting).toBe(false);
    expect(await a.verify()).toEqual({ ok: true, count: 1 });
    await Promise.all([a.close(), b.close()]);
  });

  it('rejects an event that cannot be recorded faithfully, and keeps the chain whole', async () => {
    const db = await createDatabase('audit_badinput');
    const trail = await open(db, 'gw-1');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const results = await Promise.allSettled([
      trail.record(statement(1)),
      trail.record({ ...statement(2), data: circular }),
      trail.record({ ...statement(3), at: new Date('nope') }),
      trail.record(statement(4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/circular/);
    expect(await trail.verify()).toEqual({ ok: true, count: 2 });
    expect(trail.accepting).toBe(true);
    await trail.close();
  });
});
