import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/audit/digest/daily-digest.js';
import { digestText } from '../../src/audit/digest/digest-text.js';
import { previousDay, zonedDay } from '../../src/audit/digest/zoned-day.js';
import type { AuditEvent, AuditEventInput } from '../../src/core/audit-event.js';

let seq = 0;
const ev = (type: AuditEventInput['type'], at: string, identity: string | null, data: Record<string, unknown>, connection = 'prod'): AuditEvent => ({
  type,
  at: new Date(at),
  sessionId: 's',
  identity,
  connection,
  protocol: 'postgres',
  data,
  chain: 'gw-1',
  seq: ++seq,
  prevHash: '',
  hash: '',
});
const created = (id: string, at: string, requester: string, reasons: string[], connection = 'prod') =>
  ev('approval', at, requester, { id, from: null, to: 'pending', requester, reasons }, connection);
const closed = (id: string, at: string, to: string, by: string | null, requester = 'devin') => ev('approval', at, by, { id, from: 'pending', to, requester });

const day = zonedDay('2024-05-01', 'UTC');
const events = [
  ev('session.start', '2024-05-01T09:00:00Z', 'devin', {}),
  ev('session.start', '2024-05-01T09:30:00Z', 'claude', {}, 'staging'),
  ev('statement', '2024-05-01T09:00:01Z', 'devin', { masked: { EMAIL: 2, 'public.users.ssn': 3 } }),
  ev('statement', '2024-05-01T09:00:02Z', 'devin', { refused: true }),
  ev('statement', '2024-05-01T09:31:00Z', 'claude', { masked: { EMAIL: 1 } }, 'staging'),
  created('apr_a', '2024-05-01T10:00:00Z', 'devin', ['DELETE on orders']),
  closed('apr_a', '2024-05-01T10:01:00Z', 'approved', 'dba@example.com'),
  created('apr_b', '2024-05-01T11:00:00Z', 'devin', ['DELETE on orders', 'UPDATE without WHERE on users']),
  closed('apr_b', '2024-05-01T11:10:00Z', 'denied', 'lead@example.com'),
  created('apr_c', '2024-05-01T12:00:00Z', 'devin', ['DELETE on orders']),
  closed('apr_c', '2024-05-01T12:05:00Z', 'expired', null),
  created('apr_d', '2024-05-01T13:00:00Z', 'claude', ['TRUNCATE on logs'], 'staging'),
  closed('apr_d', '2024-05-01T13:00:30Z', 'modified', 'dba@example.com', 'claude'),
  // Decided that day, requested the day before: counted, but not timed.
  closed('apr_old', '2024-05-01T08:00:00Z', 'approved', 'dba@example.com'),
];

describe('the daily digest', () => {
  const d = buildDigest(events, day, { ok: true, count: 42 });

  it('counts sessions, statements, reviews and masked values, per agent and per connection', () => {
    expect(d.totals).toEqual({ sessions: 2, statements: 2, refused: 1, held: 4, approved: 2, modified: 1, denied: 1, expired: 1, cancelled: 0, masked: 6 });
    expect(d.agents).toEqual([
      { name: 'devin', sessions: 1, statements: 1, refused: 1, held: 3 },
      { name: 'claude', sessions: 1, statements: 1, refused: 0, held: 1 },
    ]);
    expect(d.connections.map((c) => [c.name, c.held])).toEqual([
      ['prod', 3],
      ['staging', 1],
    ]);
    expect(d.masked).toEqual({ EMAIL: 3, 'public.users.ssn': 3 });
  });

  it('times the reviews made that day: median, p90 and the slowest, leaving out expiries and earlier requests', () => {
    expect(d.decisionTime).toEqual({ decided: 3, medianMs: 60_000, p90Ms: 600_000 });
    expect(d.slowest.map((s) => [s.id, s.outcome, s.by, s.waitedMs])).toEqual([
      ['apr_b', 'denied', 'lead@example.com', 600_000],
      ['apr_a', 'approved', 'dba@example.com', 60_000],
      ['apr_d', 'modified', 'dba@example.com', 30_000],
    ]);
  });

  it('ranks the reasons statements were held for', () => {
    expect(d.topReasons).toEqual([
      { reason: 'DELETE on orders', count: 3 },
      { reason: 'TRUNCATE on logs', count: 1 },
      { reason: 'UPDATE without WHERE on users', count: 1 },
    ]);
  });

  it('reads as text, and says loudly when the chain is broken', () => {
    const text = digestText(d);
    expect(text).toContain('Airlock digest for 2024-05-01 (UTC)');
    expect(text).toContain('2 sessions, 2 statements ran, 1 refused, 4 held for review');
    expect(text).toContain('time to decision: median 1m, p90 10m (3 decided)');
    expect(text).toContain('audit chain: intact (42 events)');
    const broken = digestText(buildDigest([], day, { ok: false, count: 9, broken: { chain: 'gw-2', seq: 7, reason: 'hash mismatch' } }));
    expect(broken).toContain('audit chain: BROKEN at gw-2 seq 7: hash mismatch');
  });
});

describe('zoned days', () => {
  it('spans a local calendar day, 23 hours on the day the clocks go forward', () => {
    const berlin = zonedDay('2024-03-31', 'Europe/Berlin');
    expect(berlin.start.toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(berlin.end.toISOString()).toBe('2024-03-31T22:00:00.000Z');
    expect(zonedDay('2024-05-01', 'America/New_York').start.toISOString()).toBe('2024-05-01T04:00:00.000Z');
  });

  it('takes yesterday in the zone, and refuses bad dates and zones', () => {
    expect(previousDay(new Date('2024-05-02T01:00:00Z'), 'Asia/Tokyo').date).toBe('2024-05-01');
    expect(previousDay(new Date('2024-05-02T01:00:00Z'), 'America/Los_Angeles').date).toBe('2024-04-30');
    expect(() => zonedDay('2024-02-30', 'UTC')).toThrow('is not a date');
    expect(() => zonedDay('2024-13-01', 'UTC')).toThrow('is not a date');
    expect(() => zonedDay('2024-05-01', 'Mars/Olympus')).toThrow(RangeError);
  });
});
