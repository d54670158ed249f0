import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/process.js';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { agentSession, heldId, type AgentSession } from './agent-session.js';
import { createDeployment, type Deployment } from './deployment.js';
import { stopAllGateways, type GatewayProcess } from './gateway-process.js';
import { approvalEvents, approvalsReady, decide, getReview } from './review-api.js';

const REFUSED = /airlock: needs approval: .*\(approvals are unavailable: Redis is unreachable, so the statement was refused\)/;

let redisDir: string;
let redis: RedisServer;
let deployment: Deployment;
let gw: GatewayProcess;
/** One agent session through the whole outage. */
let session: AgentSession;

beforeAll(async () => {
  redisDir = await mkdtemp(join(tmpdir(), 'airlock-e2e-redis-'));
  redis = await startRedis({ dir: redisDir });
  deployment = await createDeployment(redis.url);
  gw = await deployment.startGateway('gw-outage');
  await approvalsReady(gw);
  session = await agentSession(gw);
});
afterAll(async () => {
  await session?.end();
  await stopAllGateways();
  await redis?.stop();
  await rm(redisDir, { recursive: true, force: true });
});

const orderIds = async (ids: number[]) => (await deployment.upstream<{ id: number }>(`SELECT id FROM orders WHERE id IN (${ids.join(',')}) ORDER BY id`)).map((r) => r.id);

/** Sends `sql` until the gateway holds it: right after Redis is back it may still refuse for a moment. */
async function sendUntilHeld(sql: string) {
  for (;;) {
    const sent = await session.send(sql);
    if ('id' in sent) return sent;
    expect(sent.error.message).toMatch(REFUSED);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The refusal of a statement that must not be held. */
async function refusal(sql: string): Promise<string> {
  const sent = await session.send(sql);
  return 'error' in sent ? sent.error.message : `${sql} was held as ${sent.id}`;
}

describe('Redis unreachable under a running gateway process', () => {
  it('refuses risky statements while Redis is down, keeps safe ones flowing, and holds again once it is back', { timeout: 60_000 }, async () => {
    const held = await session.send('DELETE FROM orders WHERE id = 6');
    const request = { id: heldId(held) };

    await redis.stop();
    // The statement already held fails closed: it is refused, not left to run later.
    expect('run' in held && (await held.run.catch((err: Error) => err.message))).toMatch(REFUSED);
    // A new risky statement is refused at once, with the reason; the session stays usable for safe ones.
    expect(await refusal('DELETE FROM orders WHERE id = 7')).toMatch(REFUSED);
    expect((await session.query('SELECT count(*)::int AS n FROM orders')).rows).toEqual([{ n: 20 }]);

    redis = await startRedis({ port: redis.port, dir: redisDir });
    // The request given up on is withdrawn once Redis is back, so no reviewer can approve it into running.
    await waitFor(async () => (await getReview(gw, request.id)).body.state === 'cancelled', `${request.id} cancelled`);
    expect(await decide(gw, request.id, 'approve')).toMatchObject({ status: 409 });

    const again = await sendUntilHeld('DELETE FROM orders WHERE id = 8');
    expect(await decide(gw, again.id, 'approve')).toMatchObject({ status: 200 });
    expect((await again.run).rowCount).toBe(1);
    expect(await orderIds([6, 7, 8])).toEqual([6, 7]);
    await expect.poll(async () => (await approvalEvents(gw, request.id)).map((e) => [e.data.to, e.data.reason]), { timeout: 10_000 }).toEqual([
      ['pending', undefined],
      ['cancelled', 'the gateway stopped waiting while Redis was unreachable'],
    ]);
  });
});
