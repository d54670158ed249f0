import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitFor } from '../support/process.js';
import { agentSession, heldId } from './agent-session.js';
import { createDeployment, type Deployment } from './deployment.js';
import { stopAllGateways, type GatewayProcess } from './gateway-process.js';
import { approvalEvents, approvalsReady, decide, getReview } from './review-api.js';

let deployment: Deployment;
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  deployment = await createDeployment(inject('redisUrl'));
  [a, b] = await Promise.all([deployment.startGateway('gw-holder-a'), deployment.startGateway('gw-holder-b')]);
  await Promise.all([approvalsReady(a), approvalsReady(b)]);
});
afterAll(stopAllGateways);

describe('the gateway holding a statement dies', () => {
  // The heartbeat TTL (15 s) and sweep interval (5 s) are not configurable from the file, so this waits up to ~20 s.
  it('cancels the request once its heartbeat lapses, refuses a later approval, and never runs it', { timeout: 60_000 }, async () => {
    const sent = await (await agentSession(a)).send('DELETE FROM orders WHERE id = 5');
    const request = { id: heldId(sent) };
    await a.kill();
    expect('run' in sent && (await sent.run.catch((err: Error) => err))).toBeInstanceOf(Error);

    await waitFor(async () => (await getReview(b, request.id)).body.state === 'cancelled', `${request.id} cancelled`, 45_000);
    expect((await getReview(b, request.id)).body.closed).toMatchObject({ as: 'cancelled', reason: 'the gateway holding the connection went away' });
    expect(await decide(b, request.id, 'approve')).toMatchObject({ status: 409, body: { refusal: 'already-decided' } });
    expect(await deployment.upstream('SELECT id FROM orders WHERE id = 5')).toEqual([{ id: 5 }]);
    // The sweeper records its event just after the state change that the review API already shows.
    await expect.poll(async () => (await approvalEvents(b, request.id)).map((e) => [e.chain, e.data.to]), { timeout: 10_000 }).toEqual([
      [a.id, 'pending'],
      [b.id, 'cancelled'],
    ]);
  });
});
