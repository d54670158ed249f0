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
const allowed = (text: string) => ({ text, verdict: { action: 'allow' as const, reasons: [] } });
const reviewed = (text: string, why: string) => ({ text, verdict: { action: 'review' as const, reasons: [why] } });
const denied = (text: string, why: string) => ({ text, verdict: { action: 'deny' as const, reasons: [why] } });

describe('SessionTally', () => {
  it('summarises a session with nothing counted as all zeroes, and no riskiest statement', () => {
    expect(new SessionTally().summary(session, endedAt, 'client disconnected')).toEqual({
      sessionId: 'sess-1',
      identity: 'devin',
      connection: 'prod',
      protocol: 'postgres',
      gateway: 'gw-a',
      startedAt: session.startedAt,
      endedAt,
      reason: 'client disconnected',
      counts: { ran: 0, approved: 0, modified: 0, denied: 0, expired: 0, refused: 0, maskedFields: 0 },
      masked: {},
    });
  });

  it('counts approved and modified statements among those that ran', () => {
    const t = new SessionTally();
    t.ran(undefined, allowed('SELECT 1'));
    t.ran('approved', reviewed('DELETE FROM t WHERE id = 1', 'DELETE on t'));
    t.ran('modified', reviewed('DELETE FROM t WHERE id = 2', 'DELETE on t'));
    t.ran('covered', reviewed('DELETE FROM t WHERE id = 3', 'DELETE on t'));
    expect(t.counts).toMatchObject({ ran: 4, approved: 3, modified: 1 });
  });

  it('tells reviewer denials and expiries apart from every other refusal', () => {
    const t = new SessionTally();
    t.refused('denied', reviewed('a', 'x'));
    t.refused('denied', reviewed('b', 'x'));
    t.refused('expired', reviewed('c', 'x'));
    t.refused('cancelled', reviewed('d', 'x'));
    t.refused(undefined, denied('e', 'x'));
    expect(t.counts).toEqual({ ran: 0, approved: 0, modified: 0, denied: 2, expired: 1, refused: 2, maskedFields: 0 });
  });

  it('keeps the most severely judged statement, the first of equals', () => {
    const t = new SessionTally();
    t.ran(undefined, allowed('SELECT 1'));
    expect(t.summary(session, endedAt, 'x').riskiest).toEqual({ text: 'SELECT 1', action: 'allow', reasons: [] });
    t.ran('approved', reviewed('DELETE FROM t', 'DELETE without WHERE on t'));
    t.ran('approved', reviewed('UPDATE t SET a = 1', 'UPDATE without WHERE on t'));
    expect(t.summary(session, endedAt, 'x').riskiest).toEqual({ text: 'DELETE FROM t', action: 'review', reasons: ['DELETE without WHERE on t'] });
    t.refused(undefined, denied(`COPY t TO PROGRAM 'x' ${'y'.repeat(2000)}`, 'COPY to a program'));
    const riskiest = t.summary(session, endedAt, 'x').riskiest;
    expect(riskiest).toMatchObject({ action: 'deny', reasons: ['COPY to a program'] });
    expect(riskiest?.text).toHaveLength(1001);
    expect(riskiest?.text.endsWith('…')).toBe(true);
  });

  it('adds up masked values by type and rejects counts that cannot be', () => {
    const t = new SessionTally();
    t.masked({ EMAIL: 3 });
    t.masked({});
    t.masked({ EMAIL: 1, 'public.users.ssn': 1 });
    expect(t.counts.maskedFields).toBe(5);
    expect(() => t.masked({ EMAIL: -1 })).toThrow(RangeError);
    expect(() => t.masked({ EMAIL: 1, IP: 1.5 })).toThrow(RangeError);
    expect(t.counts.maskedFields).toBe(5);
    expect(t.summary(session, endedAt, 'x').masked).toEqual({ EMAIL: 4, 'public.users.ssn': 1 });
  });

  it('hands out snapshots: later counting does not change a summary already made', () => {
    const t = new SessionTally();
    t.ran('approved', reviewed('DELETE FROM t WHERE id = 1', 'DELETE on t'));
    t.masked({ EMAIL: 1 });
    const first = t.summary(session, endedAt, 'gateway shutting down');
    t.ran(undefined, allowed('SELECT 1'));
    t.refused(undefined, denied('DROP TABLE t', 'DROP TABLE t'));
    t.masked({ EMAIL: 1 });
    expect(first.counts).toEqual({ ran: 1, approved: 1, modified: 0, denied: 0, expired: 0, refused: 0, maskedFields: 1 });
    expect(first.masked).toEqual({ EMAIL: 1 });
    expect(first.riskiest?.action).toBe('review');
    expect(t.counts).toMatchObject({ ran: 2, refused: 1 });
  });
});
