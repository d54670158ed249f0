import { describe, expect, it } from 'vitest';
import type { Session } from '../../src/core/session.js';
import { SessionTally } from '../../src/gateway/session-tally.js';

const session: Session = {
  id: 'sess-1',
  identity: { name: 'devin', groups: ['agents'], source: 'token' },
  connection: 'prod',
  protocol: 'postgres',
  client: { address: '127.0.0.1', tls: false },
  startedAt: new Date('2025-01-01T10:00:00Z'),
  gateway: 'gw-a',
};
const endedAt = new Date('2025-01-01T10:05:00Z');

describe('SessionTally', () => {
  it('summarises a session with nothing counted as all zeroes', () => {
    expect(new SessionTally().summary(session, endedAt, 'client disconnected')).toEqual({
      sessionId: 'sess-1',
      identity: 'devin',
      connection: 'prod',
      protocol: 'postgres',
      gateway: 'gw-a',
      startedAt: session.startedAt,
      endedAt,
      reason: 'client disconnected',
      counts: { ran: 0, approved: 0, denied: 0, expired: 0, refused: 0, maskedFields: 0 },
    });
  });

  it('counts approved statements among those that ran', () => {
    const t = new SessionTally();
    t.ran(false);
    t.ran(true);
    t.ran(false);
    expect(t.counts).toMatchObject({ ran: 3, approved: 1 });
  });

  it('tells reviewer denials and expiries apart from every other refusal', () => {
    const t = new SessionTally();
    t.refused('denied');
    t.refused('denied');
    t.refused('expired');
    t.refused('cancelled');
    t.refused();
    expect(t.counts).toEqual({ ran: 0, approved: 0, denied: 2, expired: 1, refused: 2, maskedFields: 0 });
  });

  it('adds up masked fields and rejects counts that cannot be', () => {
    const t = new SessionTally();
    t.masked(3);
    t.masked(0);
    t.masked(2);
    expect(t.counts.maskedFields).toBe(5);
    expect(() => t.masked(-1)).toThrow(RangeError);
    expect(() => t.masked(1.5)).toThrow(RangeError);
    expect(t.counts.maskedFields).toBe(5);
  });

  it('hands out snapshots: later counting does not change a summary already made', () => {
    const t = new SessionTally();
    t.ran(true);
    const first = t.summary(session, endedAt, 'gateway shutting down');
    t.ran(false);
    t.refused();
    expect(first.counts).toEqual({ ran: 1, approved: 1, denied: 0, expired: 0, refused: 0, maskedFields: 0 });
    expect(t.counts).toMatchObject({ ran: 2, refused: 1 });
  });
});
