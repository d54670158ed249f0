import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Transition } from '../../src/core/approval.js';
import type { Approvals } from '../../src/queue/approvals.js';
import { REQUEST_ID } from '../../src/queue/request-id.js';
import { alice, bob, carol, devin, mallory, newRequest, open, settings, uniquePrefix } from './fixture.js';

describe('approval decisions', () => {
  const transitions: Transition[] = [];
  let approvals: Approvals;

  beforeAll(async () => {
    approvals = await open(inject('redisUrl'), uniquePrefix('decisions'), 'gw-a', { onTransition: (t) => transitions.push(t) });
  });
  afterAll(() => approvals.close());

  it('creates a typed pending request with a short id', async () => {
    const r = await approvals.request(newRequest({ impact: '42 rows' }), settings({ timeoutMs: 60_000, remindAfterMs: 30_000 }));
    expect(r.id).toMatch(REQUEST_ID);
    expect(r).toMatchObject({ state: 'pending', gateway: 'gw-a', quorum: 1, impact: '42 rows', approvals: [], identity: devin });
    expect(r.expiresAt.getTime() - r.createdAt.getTime()).toBe(60_000);
    expect(r.remindAt!.getTime() - r.createdAt.getTime()).toBe(30_000);
    expect(await approvals.get(r.id)).toEqual(r);
    expect(transitions.find((t) => t.id === r.id)).toMatchObject({ from: null, to: 'pending', actor: 'devin' });
  });

  it('approve resolves the waiter with the approver', async () => {
    const r = await approvals.request(newRequest(), settings());
    const waiting = approvals.waitForDecision(r.id);
    const result = await approvals.decide(r.id, alice, { kind: 'approve' });
    expect(result).toMatchObject({ ok: true, request: { state: 'approved', approvals: [alice.name] } });
    await expect(waiting).resolves.toMatchObject({ kind: 'approved', by: [alice.name] });
  });

  it('deny needs a reason and resolves with the reviewer and reason', async () => {
    const r = await approvals.request(newRequest(), settings());
    const waiting = approvals.waitForDecision(r.id);
    expect(await approvals.decide(r.id, alice, { kind: 'deny' })).toMatchObject({ ok: false, refusal: 'reason-required' });
    expect(await approvals.decide(r.id, alice, { kind: 'deny', reason: '   ' })).toMatchObject({ ok: false, refusal: 'reason-required' });
    expect(await approvals.decide(r.id, alice, { kind: 'deny', reason: 'use a batch job' })).toMatchObject({ ok: true });
    await expect(waiting).resolves.toMatchObject({ kind: 'denied', by: alice.name, reason: 'use a batch job' });
    expect(transitions.find((t) => t.id === r.id && t.to === 'denied')).toMatchObject({ from: 'pending', actor: alice.name, reason: 'use a batch job' });
  });

  it('modify closes the request with the new command, even under a quorum', async () => {
    const r = await approvals.request(newRequest(), settings({ quorum: 2 }));
    const waiting = approvals.waitForDecision(r.id);
    expect(await approvals.decide(r.id, alice, { kind: 'modify' })).toMatchObject({ ok: false, refusal: 'command-required' });
    const command = 'DELETE FROM orders WHERE id = 7';
    expect(await approvals.decide(r.id, alice, { kind: 'modify', command, reason: 'one row only' })).toMatchObject({ ok: true, request: { state: 'modified' } });
    await expect(waiting).resolves.toMatchObject({ kind: 'modified', by: alice.name, command, reason: 'one row only' });
    expect(transitions.find((t) => t.id === r.id && t.to === 'modified')).toMatchObject({
      actor: alice.name,
      command: { before: r.command, after: command },
    });
  });

  it('quorum 2 needs two distinct approvers', async () => {
    const r = await approvals.request(newRequest(), settings({ quorum: 2 }));
    let decided = false;
    const waiting = approvals.waitForDecision(r.id).finally(() => (decided = true));
    expect(await approvals.decide(r.id, alice, { kind: 'approve' })).toMatchObject({ ok: true, request: { state: 'pending', approvals: [alice.name] } });
    expect(await approvals.decide(r.id, alice, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'already-approved-by-you' });
    expect((await approvals.get(r.id))?.state).toBe('pending');
    expect(decided).toBe(false);
    expect(transitions.find((t) => t.id === r.id && t.from === 'pending' && t.to === 'pending')).toMatchObject({ actor: alice.name });
    expect(await approvals.decide(r.id, bob, { kind: 'approve' })).toMatchObject({ ok: true, request: { state: 'approved' } });
    await expect(waiting).resolves.toMatchObject({ kind: 'approved', by: [alice.name, bob.name] });
  });

  it('one person under two spellings of their name counts once towards a quorum', async () => {
    const r = await approvals.request(newRequest(), settings({ quorum: 2 }));
    const shouting = { ...alice, name: alice.name.toUpperCase() };
    expect(await approvals.decide(r.id, alice, { kind: 'approve' })).toMatchObject({ ok: true, request: { state: 'pending' } });
    expect(await approvals.decide(r.id, shouting, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'already-approved-by-you' });
    expect(await approvals.get(r.id)).toMatchObject({ state: 'pending', approvals: [alice.name] });
    expect(await approvals.decide(r.id, bob, { kind: 'approve' })).toMatchObject({ ok: true, request: { state: 'approved' } });
    await expect(approvals.waitForDecision(r.id)).resolves.toMatchObject({ kind: 'approved', by: [alice.name, bob.name] });
  });

  it('any deny denies at once under a quorum', async () => {
    const r = await approvals.request(newRequest(), settings({ quorum: 3 }));
    await approvals.decide(r.id, alice, { kind: 'approve' });
    expect(await approvals.decide(r.id, bob, { kind: 'deny', reason: 'no' })).toMatchObject({ ok: true, request: { state: 'denied' } });
    await expect(approvals.waitForDecision(r.id)).resolves.toMatchObject({ kind: 'denied', by: bob.name });
  });

  it('a second decision is told who decided first', async () => {
    const r = await approvals.request(newRequest(), settings());
    await approvals.decide(r.id, alice, { kind: 'approve' });
    const second = await approvals.decide(r.id, bob, { kind: 'deny', reason: 'too late' });
    expect(second).toMatchObject({ ok: false, refusal: 'already-decided' });
    expect(second.ok === false && second.message).toMatch(/^already approved by alice@example\.com at \d{4}-/);
  });

  it('20 concurrent deciders: exactly one decision is recorded', async () => {
    const r = await approvals.request(newRequest(), settings());
    const reviewers = Array.from({ length: 20 }, (_, i) => ({ name: `reviewer${i}`, groups: ['dba'] }));
    const results = await Promise.all(
      reviewers.map((rev, i) => approvals.decide(r.id, rev, i % 2 ? { kind: 'approve' } : { kind: 'deny', reason: `no ${i}` })),
    );
    const winners = results.filter((x) => x.ok);
    expect(winners).toHaveLength(1);
    expect(results.filter((x) => !x.ok && x.refusal === 'already-decided')).toHaveLength(19);
    const final = await approvals.get(r.id);
    const winner = winners[0]!.request;
    expect(final?.closed).toEqual(winner.closed);
    expect(transitions.filter((t) => t.id === r.id && t.from === 'pending')).toHaveLength(1);
  });

  it('refuses self-approval and non-reviewers before touching the request', async () => {
    const r = await approvals.request(newRequest({ identity: { name: alice.name, groups: ['dba'] } }), settings());
    expect(await approvals.decide(r.id, alice, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'self-approval' });
    expect(await approvals.decide(r.id, mallory, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'not-a-reviewer' });
    expect((await approvals.get(r.id))?.state).toBe('pending');
    expect(await approvals.decide('apr_doesnotexi', bob, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'not-found' });
  });

  it('lists pending requests oldest first, optionally only those an identity may decide', async () => {
    const first = await approvals.request(newRequest({ reviewers: ['sre'] }), settings());
    const second = await approvals.request(newRequest({ identity: { name: bob.name, groups: ['dba'] } }), settings());
    const all = (await approvals.listPending()).map((r) => r.id);
    expect(all.indexOf(first.id)).toBeLessThan(all.indexOf(second.id));
    const forBob = (await approvals.listPending({ forIdentity: bob })).map((r) => r.id);
    expect(forBob).not.toContain(first.id); // not an sre
    expect(forBob).not.toContain(second.id); // his own
    const forCarol = (await approvals.listPending({ forIdentity: carol })).map((r) => r.id);
    expect(forCarol).toEqual(expect.arrayContaining([first.id, second.id]));
    await approvals.decide(first.id, carol, { kind: 'approve' });
    expect((await approvals.listPending()).map((r) => r.id)).not.toContain(first.id);
  });

  it('reports the outcome of an approved command once', async () => {
    const r = await approvals.request(newRequest(), settings());
    await expect(approvals.reportOutcome(r.id, { ok: true })).rejects.toThrow(/it is pending/);
    await approvals.decide(r.id, alice, { kind: 'approve' });
    await approvals.reportOutcome(r.id, { ok: false, detail: 'deadlock detected' });
    expect(await approvals.get(r.id)).toMatchObject({ state: 'failed', outcome: { ok: false, detail: 'deadlock detected' }, closed: { as: 'approved' } });
    expect(transitions.find((t) => t.id === r.id && t.to === 'failed')).toMatchObject({ from: 'approved', reason: 'deadlock detected' });
    await expect(approvals.reportOutcome(r.id, { ok: true })).rejects.toThrow(/it is failed/);
  });

  it('cancel closes a pending request, which then cannot be approved', async () => {
    const r = await approvals.request(newRequest(), settings());
    const waiting = approvals.waitForDecision(r.id);
    await approvals.cancel(r.id, 'the agent disconnected');
    await expect(waiting).resolves.toMatchObject({ kind: 'cancelled', reason: 'the agent disconnected' });
    const late = await approvals.decide(r.id, alice, { kind: 'approve' });
    expect(late).toMatchObject({ ok: false, refusal: 'already-decided' });
    expect(late.ok === false && late.message).toMatch(/cancelled .*the agent disconnected/);
    await approvals.cancel(r.id, 'again'); // a no-op
    expect((await approvals.get(r.id))?.closed?.reason).toBe('the agent disconnected');
  });

  it('an aborted wait rejects without touching the request', async () => {
    const r = await approvals.request(newRequest(), settings());
    const controller = new AbortController();
    const waiting = approvals.waitForDecision(r.id, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(waiting).rejects.toThrow('client went away');
    expect((await approvals.get(r.id))?.state).toBe('pending');
  });
});
