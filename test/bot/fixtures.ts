import type { ApprovalRequest } from '../../src/core/approval.js';

export const now = new Date('2030-01-01T12:01:00Z');
export const decidedAt = new Date('2030-01-01T12:02:00Z');

/** A held DELETE on prod-db, pending, needing one approval. */
export const request: ApprovalRequest = {
  id: 'apr_abcdefghij',
  connection: 'prod-db',
  protocol: 'postgres',
  identity: { name: 'devin', groups: ['agents'] },
  command: 'DELETE FROM public.users',
  reasons: ['DELETE without WHERE on public.users'],
  tables: ['public.users'],
  impact: '1,204 rows',
  reviewers: ['dba'],
  sessionId: 's1',
  quorum: 1,
  createdAt: new Date('2030-01-01T12:00:00Z'),
  expiresAt: new Date('2030-01-01T12:05:00Z'),
  gateway: 'gw-1',
  state: 'pending',
  approvals: [],
};

/** The request in every state, as the approval store would hand it over. */
export const inEveryState: Record<ApprovalRequest['state'], ApprovalRequest> = {
  pending: request,
  approved: { ...request, state: 'approved', approvals: ['alice'], closed: { as: 'approved', at: decidedAt, by: 'alice' } },
  denied: { ...request, state: 'denied', closed: { as: 'denied', at: decidedAt, by: 'bob', reason: 'needs a WHERE' } },
  modified: {
    ...request,
    state: 'modified',
    closed: { as: 'modified', at: decidedAt, by: 'carol', reason: 'one row only', command: 'DELETE FROM public.users WHERE id = 7' },
  },
  expired: { ...request, state: 'expired', closed: { as: 'expired', at: request.expiresAt } },
  cancelled: { ...request, state: 'cancelled', closed: { as: 'cancelled', at: decidedAt, reason: 'the agent disconnected' } },
  executed: {
    ...request,
    state: 'executed',
    approvals: ['alice'],
    closed: { as: 'approved', at: decidedAt, by: 'alice' },
    outcome: { ok: true, at: new Date('2030-01-01T12:02:01Z'), detail: 'DELETE 1204' },
  },
  failed: {
    ...request,
    state: 'failed',
    approvals: ['alice'],
    closed: { as: 'approved', at: decidedAt, by: 'alice' },
    outcome: { ok: false, at: new Date('2030-01-01T12:02:01Z'), detail: 'deadlock detected' },
  },
};
