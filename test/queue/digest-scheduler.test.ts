import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDigest } from '../../src/audit/digest/daily-digest.js';
import { previousDay } from '../../src/audit/digest/zoned-day.js';
import type { Approvals } from '../../src/queue/approvals.js';
import { open, RecordingChannel, uniquePrefix, until } from './fixture.js';

// Two gateway instances on one Redis, each with the digest scheduled: every tick must produce one
// digest, not one per instance.

const EVERY_MS = 400;
const a = new RecordingChannel('digest-a');
const b = new RecordingChannel('digest-b');
const built: string[] = [];
let instances: Approvals[] = [];

beforeAll(async () => {
  const prefix = uniquePrefix('digest');
  const digest = (gateway: string) => ({
    schedule: { every: EVERY_MS },
    build: async (tick: Date) => {
      built.push(gateway);
      return buildDigest([], previousDay(tick, 'UTC'), { ok: true, count: 0 });
    },
  });
  instances = await Promise.all([
    open(inject('redisUrl'), prefix, 'gw-a', { channels: [a], digest: digest('gw-a') }),
    open(inject('redisUrl'), prefix, 'gw-b', { channels: [b], digest: digest('gw-b') }),
  ]);
});
afterAll(() => Promise.all(instances.map((i) => i.close())));

describe('the daily digest schedule', () => {
  it('sends exactly one digest per tick to every channel, whichever instance builds it', async () => {
    await until(() => a.digests.length >= 4, 'four digests');
    const ticks = a.digests.map((d) => d.at.getTime());
    expect(new Set(ticks).size).toBe(ticks.length);
    // Every digest went to both instances' channels, and was built once.
    await until(() => b.digests.length >= ticks.length, 'the same digests on the other channel');
    expect(b.digests.map((d) => d.at.getTime()).slice(0, ticks.length)).toEqual(ticks);
    expect(built.length).toBeLessThanOrEqual(a.digests.length + 1);
  });

  it('queues a digest on request, for `airlock digest --post`', async () => {
    const before = a.digests.length;
    const digest = buildDigest([], previousDay(new Date('2024-05-02T00:00:00Z'), 'UTC'), { ok: true, count: 7 });
    await instances[0]!.announceDigest(digest);
    await until(() => a.digests.some((d) => d.digest.day.date === '2024-05-01'), 'the requested digest');
    expect(a.digests.length).toBeGreaterThan(before);
  });
});
