import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approvals } from '../../src/queue/approvals.js';
import { ApprovalsUnavailableError } from '../../src/queue/redis-connection.js';
import { requireBinary } from '../support/binaries.js';
import { spawnServer, waitFor } from '../support/process.js';
import { freePort } from '../support/ports.js';
import { alice, newRequest, open, settings, uniquePrefix, until } from './fixture.js';

const dataDir = mkdtempSync(join(tmpdir(), 'airlock-redis-outage-'));

/**
 * A Redis of this test's own whose snapshot lives in `dataDir` (no automatic saves): stopped with
 * SHUTDOWN SAVE and started again on the same port, it still holds the requests, as after an outage.
 */
async function startRedisOn(port: number): Promise<() => Promise<void>> {
  const proc = spawnServer([requireBinary('redis-server', 'redis-server'), '--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'no']);
  await waitFor(async () => proc.output().includes('Ready to accept connections'), `redis on ${port}`);
  return proc.stop;
}

async function shutdownSaving(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.call('SHUTDOWN', 'SAVE').catch(() => undefined); // the server drops the connection
  client.disconnect();
}

describe('Redis outage', () => {
  let port: number;
  let url: string;
  let approvals: Approvals;
  let stopRedis: () => Promise<void>;

  beforeAll(async () => {
    port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    stopRedis = await startRedisOn(port);
    approvals = await open(url, uniquePrefix('outage'), 'gw-a');
  });
  afterAll(async () => {
    await approvals.close();
    await stopRedis();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails closed while Redis is down and works again once it is back', async () => {
    const held = await approvals.request(newRequest(), settings());
    const waiting = approvals.waitForDecision(held.id);
    await shutdownSaving(url);

    await expect(waiting).rejects.toThrow(ApprovalsUnavailableError);
    const started = Date.now();
    await expect(approvals.request(newRequest(), settings())).rejects.toThrow('approvals are unavailable: Redis is unreachable');
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(approvals.decide(held.id, alice, { kind: 'approve' })).rejects.toThrow(ApprovalsUnavailableError);
    await expect(approvals.waitForDecision(held.id)).rejects.toThrow(ApprovalsUnavailableError);

    stopRedis = await startRedisOn(port);
    let again: Awaited<ReturnType<Approvals['request']>> | undefined;
    await until(async () => {
      again = await approvals.request(newRequest(), settings()).catch(() => undefined);
      return again !== undefined;
    }, 'requests working again after Redis came back');
    const waitingAgain = approvals.waitForDecision(again!.id);
    expect(await approvals.decide(again!.id, alice, { kind: 'approve' })).toMatchObject({ ok: true });
    await expect(waitingAgain).resolves.toMatchObject({ kind: 'approved' });

    // The statement that failed closed was given up on; it is withdrawn so it can never run later.
    await until(async () => (await approvals.get(held.id))?.state === 'cancelled', 'the abandoned request cancelled');
    expect(await approvals.decide(held.id, alice, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'already-decided' });
  });
});
