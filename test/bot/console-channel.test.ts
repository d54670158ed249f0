import { describe, expect, it } from 'vitest';
import { consoleLine } from '../../src/bot/console/console-channel.js';
import type { ApprovalRequest } from '../../src/core/approval.js';

const base: ApprovalRequest = {
  id: 'apr_abcdefghij',
  connection: 'prod-db',
  protocol: 'postgres',
  identity: { name: 'devin', groups: ['agents'] },
  command: 'UPDATE users\n   SET plan = \'free\'',
  reasons: ['UPDATE without WHERE on public.users', 'table users is sensitive'],
  tables: ['public.users'],
  impact: null,
  reviewers: ['dba', 'sre'],
  sessionId: 's',
  quorum: 2,
  createdAt: new Date('2030-01-01T12:00:00Z'),
  expiresAt: new Date('2030-01-01T12:05:00Z'),
  gateway: 'gw-1',
  state: 'pending',
  approvals: [],
};
const at = new Date('2030-01-01T12:01:00Z');

describe('consoleLine', () => {
  it('asks for approval on one line with what to type', () => {
    expect(consoleLine({ kind: 'requested', at, request: base })).toBe(
      "[airlock] approval needed apr_abcdefghij devin on prod-db: UPDATE users SET plan = 'free' (UPDATE without WHERE on public.users; table users is sensitive) — reviewers: dba, sre — 2 approvals needed — expires 12:05:00Z; approve: airlock review approve apr_abcdefghij",
    );
  });

  it('shortens long commands', () => {
    const line = consoleLine({ kind: 'reminder', at, request: { ...base, command: 'SELECT ' + 'x, '.repeat(100) } });
    expect(line).toMatch(/^\[airlock\] reminder: still waiting apr_abcdefghij devin on prod-db: SELECT x, x, .*…/);
  });

  it('names who decided, why, and what runs instead', () => {
    const closed = (as: 'approved' | 'modified' | 'expired' | 'cancelled', extra = {}) => ({ ...base, state: as, closed: { as, at, ...extra } });
    expect(consoleLine({ kind: 'decided', at, request: { ...closed('approved', { by: 'bob' }), approvals: ['alice', 'bob'] } })).toBe(
      '[airlock] apr_abcdefghij approved by alice, bob (devin on prod-db)',
    );
    expect(consoleLine({ kind: 'decided', at, request: closed('modified', { by: 'alice', command: 'UPDATE users SET plan = 1 WHERE id = 2' }) })).toBe(
      '[airlock] apr_abcdefghij modified by alice; runs instead: UPDATE users SET plan = 1 WHERE id = 2 (devin on prod-db)',
    );
    expect(consoleLine({ kind: 'expired', at, request: closed('expired') })).toBe('[airlock] apr_abcdefghij expired without a decision (devin on prod-db)');
    expect(consoleLine({ kind: 'cancelled', at, request: closed('cancelled', { reason: 'the agent disconnected' }) })).toBe(
      '[airlock] apr_abcdefghij cancelled: the agent disconnected (devin on prod-db)',
    );
    expect(consoleLine({ kind: 'failed', at, request: { ...base, state: 'failed', outcome: { ok: false, at, detail: 'deadlock' } } })).toBe(
      '[airlock] apr_abcdefghij failed: deadlock (devin on prod-db)',
    );
  });
});
