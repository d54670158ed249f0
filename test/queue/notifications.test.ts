import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ConsoleChannel } from '../../src/bot/console/console-channel.js';
import type { Approvals } from '../../src/queue/approvals.js';
import { alice, bob, newRequest, open, RecordingChannel, settings, uniquePrefix, until } from './fixture.js';

describe('notifications', () => {
  const recording = new RecordingChannel('recording');
  const flaky = new RecordingChannel('flaky');
  const out = new PassThrough();
  let printed = '';
  out.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  let approvals: Approvals;

  beforeAll(async () => {
    approvals = await open(inject('redisUrl'), uniquePrefix('notify'), 'gw-a', { channels: [recording, flaky, new ConsoleChannel(out)] });
  });
  afterAll(() => approvals.close());

  it('delivers every kind to each channel with the request as it was', async () => {
    const denied = await approvals.request(newRequest(), settings());
    await approvals.decide(denied.id, alice, { kind: 'deny', reason: 'not on a Friday' });
    const ran = await approvals.request(newRequest(), settings());
    await approvals.decide(ran.id, alice, { kind: 'modify', command: 'DELETE FROM orders WHERE id = 1' });
    await approvals.reportOutcome(ran.id, { ok: true, detail: 'DELETE 1' });
    const gone = await approvals.request(newRequest(), settings());
    await approvals.cancel(gone.id, 'the agent disconnected');
    await until(() => recording.kinds(gone.id).includes('cancelled') && recording.kinds(ran.id).includes('executed'), 'the notifications');
    expect(recording.kinds(denied.id)).toEqual(['requested', 'decided']);
    expect(recording.kinds(ran.id)).toEqual(['requested', 'decided', 'executed']);
    const requested = recording.received.find((n) => n.request.id === ran.id && n.kind === 'requested');
    expect(requested?.request.state).toBe('pending');
    const decided = recording.received.find((n) => n.request.id === ran.id && n.kind === 'decided');
    expect(decided?.request.closed).toMatchObject({ as: 'modified', by: alice.name, command: 'DELETE FROM orders WHERE id = 1' });
  });

  it('retries a failing channel without holding up decisions or other channels', async () => {
    flaky.down = true;
    const attemptsBefore = flaky.attempts;
    const r = await approvals.request(newRequest(), settings());
    expect(await approvals.decide(r.id, bob, { kind: 'approve' })).toMatchObject({ ok: true, request: { state: 'approved' } });
    await expect(approvals.waitForDecision(r.id)).resolves.toMatchObject({ kind: 'approved' });
    await until(() => recording.kinds(r.id).includes('decided'), 'delivery to the healthy channel');
    await until(() => flaky.attempts >= attemptsBefore + 4, 'retries of the failing channel');
    expect(flaky.kinds(r.id)).toEqual([]);
    flaky.down = false;
    await until(() => flaky.kinds(r.id).length === 2, 'the retried deliveries');
    expect(flaky.kinds(r.id).sort()).toEqual(['decided', 'requested']);
  });

  it('prints one console line per notification', async () => {
    const r = await approvals.request(newRequest(), settings());
    await approvals.decide(r.id, alice, { kind: 'deny', reason: 'take a backup first' });
    await until(() => printed.includes(`${r.id} denied by`), 'the console line');
    const lines = printed.split('\n').filter((l) => l.includes(r.id));
    expect(lines[0]).toMatch(
      new RegExp(`^\\[airlock\\] approval needed ${r.id} devin on prod-db: DELETE FROM orders WHERE created_at < now\\(\\) \\(DELETE on public.orders\\) — reviewers: dba — expires \\d\\d:\\d\\d:\\d\\dZ; approve: airlock review approve ${r.id}$`),
    );
    expect(lines[1]).toBe(`[airlock] ${r.id} denied by alice@example.com: take a backup first (devin on prod-db)`);
  });
});
