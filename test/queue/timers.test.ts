import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Approvals } from '../../src/queue/approvals.js';
import { alice, newRequest, open, RecordingChannel, settings, uniquePrefix, until } from './fixture.js';

describe('deadlines, reminders and instances', () => {
  const redisUrl = inject('redisUrl');
  const prefix = uniquePrefix('timers');
  const channel = new RecordingChannel();
  let a: Approvals;
  let b: Approvals;

  beforeAll(async () => {
    a = await open(redisUrl, prefix, 'gw-a', { channels: [channel] });
    b = await open(redisUrl, prefix, 'gw-b');
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('expires at the deadline; a later decision is told so', async () => {
    const r = await a.request(newRequest(), settings({ timeoutMs: 300 }));
    await expect(a.waitForDecision(r.id)).resolves.toMatchObject({ kind: 'expired' });
    const late = await b.decide(r.id, alice, { kind: 'approve' });
    expect(late).toMatchObject({ ok: false, refusal: 'expired' });
    expect(late.ok === false && late.message).toMatch(/expired at .* without a decision/);
    await until(() => channel.kinds(r.id).includes('expired'), 'the expired notification');
  });

  it('expires even when the instance that created it is gone', async () => {
    // Its heartbeat outlives the deadline, so the sweep does not cancel the request as an orphan first.
    const c = await open(redisUrl, prefix, 'gw-c', { timings: { heartbeatTtlMs: 10_000 } });
    const r = await c.request(newRequest(), settings({ timeoutMs: 300 }));
    await c.close();
    await until(async () => (await b.get(r.id))?.state === 'expired', 'expiry by another instance');
  });

  it('reminds reviewers while still pending', async () => {
    const r = await a.request(newRequest(), settings({ timeoutMs: 60_000, remindAfterMs: 200 }));
    await until(() => channel.kinds(r.id).includes('reminder'), 'the reminder');
    expect(channel.kinds(r.id)).toEqual(['requested', 'reminder']);
    await a.cancel(r.id, 'test over');
  });

  it('does not remind once decided', async () => {
    const r = await a.request(newRequest(), settings({ timeoutMs: 60_000, remindAfterMs: 300 }));
    await a.decide(r.id, alice, { kind: 'approve' });
    await until(() => channel.kinds(r.id).includes('decided'), 'the decided notification');
    const expired = await a.request(newRequest(), settings({ timeoutMs: 600 })); // a later event proves the reminder time passed
    await until(() => channel.kinds(expired.id).includes('expired'), 'a later expiry');
    expect(channel.kinds(r.id)).toEqual(['requested', 'decided']);
  });

  it('a request held on A and decided through B wakes A', async () => {
    const r = await a.request(newRequest(), settings());
    const waiting = a.waitForDecision(r.id);
    expect(await b.decide(r.id, alice, { kind: 'deny', reason: 'not now' })).toMatchObject({ ok: true });
    await expect(waiting).resolves.toMatchObject({ kind: 'denied', by: alice.name, reason: 'not now' });
  });

  it('cancels requests whose holder went away; they cannot be approved afterwards', async () => {
    const holder = await open(redisUrl, prefix, 'gw-dies');
    const r = await holder.request(newRequest(), settings());
    await holder.close(); // no cancel; its heartbeat lapses as if the process had died
    await until(async () => (await b.get(r.id))?.state === 'cancelled', 'the orphan sweep');
    expect((await b.get(r.id))?.closed?.reason).toBe('the gateway holding the connection went away');
    expect(await b.decide(r.id, alice, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'already-decided' });
  });

  it('leaves requests of a live holder alone', async () => {
    const r = await a.request(newRequest(), settings());
    await until(() => channel.kinds(r.id).includes('requested'), 'the request notification');
    const later = await b.request(newRequest(), settings({ timeoutMs: 1500 }));
    await expect(b.waitForDecision(later.id)).resolves.toMatchObject({ kind: 'expired' }); // several sweeps ran meanwhile
    expect((await a.get(r.id))?.state).toBe('pending');
  });
});
