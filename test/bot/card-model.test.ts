import { describe, expect, it } from 'vitest';
import { cardModel } from '../../src/bot/card/card-model.js';
import { decidedAt, inEveryState, now, request } from './fixtures.js';

const model = (r = request, oncall?: string) => cardModel(r, { now, ...(oncall !== undefined && { oncall }) });
const fact = (r: typeof request, label: string) => model(r).facts.find((f) => f.label === label)?.value;

describe('cardModel', () => {
  it('says what is asked, by whom, where, why, with what effect and until when', () => {
    const m = model();
    expect(m.title).toBe('Approval needed: DELETE public.users on prod-db');
    expect(m.facts).toEqual([
      { label: 'Agent', value: 'devin (agents)' },
      { label: 'Connection', value: 'prod-db (postgres) via gw-1' },
      { label: 'Risk', value: '• DELETE without WHERE on public.users' },
      { label: 'Impact', value: '1,204 rows' },
      { label: 'Expires', value: request.expiresAt },
      { label: 'Reviewers', value: 'dba' },
      { label: 'Request', value: 'apr_abcdefghij' },
    ]);
    expect(m.statement).toBe('DELETE FROM public.users');
    expect(m.state).toEqual({ kind: 'pending', summary: 'Waiting for approval' });
    expect(m.actions).toEqual(['approve', 'deny', 'modify', 'view-full-statement']);
  });

  it('takes the kind from the reasons, else from the first word after comments', () => {
    expect(model({ ...request, tables: [] }).title).toBe('Approval needed: DELETE on prod-db');
    expect(model({ ...request, reasons: ['prod writes need a DBA'], command: '-- cleanup\n/* x */ truncate t', tables: ['a', 'b', 'c'] }).title).toBe(
      'Approval needed: TRUNCATE a, b +1 more on prod-db',
    );
    expect(model({ ...request, protocol: 'kubernetes', connection: 'prod-k8s', reasons: [], tables: [], command: 'kubectl delete ns x' }).title).toBe(
      'Approval needed: kubectl on prod-k8s',
    );
    expect(model({ ...request, reasons: [], tables: [], command: '<!channel>' }).title).toBe('Approval needed: COMMAND on prod-db');
  });

  it('says when the impact is unknown', () => {
    expect(fact({ ...request, impact: null }, 'Impact')).toBe('impact unknown: no preview for this statement');
  });

  it('shows quorum progress only when more than one approval is needed', () => {
    expect(fact(request, 'Approvals')).toBeUndefined();
    const partial = { ...request, quorum: 2, approvals: ['alice'] };
    expect(fact(partial, 'Approvals')).toBe('1 of 2 approvals (alice)');
    expect(model(partial).state.summary).toBe('Waiting for 1 more approval');
    expect(fact({ ...request, quorum: 3 }, 'Approvals')).toBe('0 of 3 approvals');
  });

  it('renders every state, with actions only while pending', () => {
    const states = Object.fromEntries(Object.entries(inEveryState).map(([k, r]) => [k, model(r).state]));
    expect(states).toEqual({
      pending: { kind: 'pending', summary: 'Waiting for approval' },
      approved: { kind: 'approved', summary: 'Approved by alice', at: decidedAt },
      denied: { kind: 'denied', summary: 'Denied by bob', at: decidedAt, note: 'Reason: needs a WHERE' },
      modified: { kind: 'modified', summary: 'Modified by carol', at: decidedAt, note: 'Reason: one row only', replacement: 'DELETE FROM public.users WHERE id = 7' },
      expired: { kind: 'expired', summary: 'Expired without a decision', at: request.expiresAt },
      cancelled: { kind: 'cancelled', summary: 'Cancelled', at: decidedAt, note: 'Reason: the agent disconnected' },
      executed: { kind: 'executed', summary: 'Approved by alice, then it ran', at: inEveryState.executed.outcome?.at, note: 'Result: DELETE 1204' },
      failed: { kind: 'failed', summary: 'Approved by alice, then it failed', at: inEveryState.failed.outcome?.at, note: 'Error: deadlock detected' },
    });
    for (const [state, r] of Object.entries(inEveryState)) {
      expect(model(r).actions.length > 0, state).toBe(state === 'pending');
      expect(model(r).facts.some((f) => f.label === 'Expires'), state).toBe(state === 'pending');
    }
    expect(model(inEveryState.denied).title).toBe('Denied: DELETE public.users on prod-db');
  });

  it('words the thread replies', () => {
    expect(model().reminderText).toBe('Reminder: apr_abcdefghij (devin on prod-db) is still waiting for 1 approval from dba; it expires in 4 min.');
    expect(model().outcomeThreadText).toBeUndefined();
    const expired = model(inEveryState.expired, '<!subteam^S1>');
    expect(expired.expiredAlertText).toBe("apr_abcdefghij (devin on prod-db) expired without a decision; the agent's statement was refused.");
    expect(expired.oncall).toBe('<!subteam^S1>');
    expect(expired.reminderText).toBeUndefined();
    expect(model(inEveryState.denied).outcomeThreadText).toBe('Denied by bob. Reason: needs a WHERE');
    expect(model(inEveryState.approved).outcomeThreadText).toBe('Approved by alice.');
    expect(model(inEveryState.approved).expiredAlertText).toBeUndefined();
  });
});
