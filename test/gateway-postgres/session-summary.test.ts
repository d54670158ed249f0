import { beforeEach, describe, expect, it } from 'vitest';
import type { SessionSummary } from '../../src/core/session-summary.js';
import { reviewer, useApprovalGateways } from './approval-gateways.js';
import { AGENT, type TestGateway } from './harness.js';

const SETUP = `CREATE TABLE tally_orders (id int PRIMARY KEY);
               INSERT INTO tally_orders SELECT generate_series(1, 5);
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;

/** Every summary a session handed over in this file. */
const ended: SessionSummary[] = [];
const g = useApprovalGateways(SETUP, 'summary', { onSessionEnd: (summary) => ended.push(summary) });

beforeEach(() => {
  ended.length = 0;
});

/** The one summary handed over, once the test's only session has ended. */
async function summaryHandedOver(): Promise<SessionSummary> {
  await expect.poll(() => ended.length, { timeout: 10_000 }).toBe(1);
  return ended[0]!;
}

/** Each gateway here serves one session, so its trail has one session.end. */
async function sessionEnd(gateway: TestGateway): Promise<Record<string, unknown>> {
  const ends = (await gateway.auditEvents()).filter((e) => e.type === 'session.end');
  expect(ends).toHaveLength(1);
  return ends[0]!.data;
}

describe('the summary of an agent session', () => {
  it('counts what ran, what reviewers approved or denied and what policy refused, in the trail and for the callback', async () => {
    const c = await g.gw.client();
    let sessionId: string;
    let deniedId: string;
    try {
      expect((await c.query('SELECT count(*)::int AS n FROM tally_orders')).rows).toEqual([{ n: 5 }]);
      expect((await c.query('SELECT $1::int AS n', [7])).rows).toEqual([{ n: 7 }]);
      await expect(c.query("COPY tally_orders TO PROGRAM 'true'")).rejects.toThrow(/airlock: blocked by policy/);

      const approvedRun = c.query('DELETE FROM tally_orders WHERE id = 1');
      const approved = await g.reviewerSide.pendingFor('DELETE FROM tally_orders WHERE id = 1');
      await g.other.decide(approved.id, reviewer, { kind: 'approve' });
      expect((await approvedRun).rowCount).toBe(1);

      const deniedRun = c.query('DELETE FROM tally_orders WHERE id = 2').catch((err: Error) => err);
      const denied = await g.reviewerSide.pendingFor('DELETE FROM tally_orders WHERE id = 2');
      await g.other.decide(denied.id, reviewer, { kind: 'deny', reason: 'keep it' });
      expect(await deniedRun).toMatchObject({ message: expect.stringMatching(/denied by/) });
      sessionId = approved.sessionId;
      deniedId = denied.id;
    } finally {
      await c.end();
    }

    const counts = { ran: 3, approved: 1, modified: 0, denied: 1, expired: 0, refused: 1, maskedFields: 0 };
    const summary = await summaryHandedOver();
    expect(summary).toMatchObject({ sessionId, identity: AGENT.name, connection: 'prod', protocol: 'postgres', reason: 'client disconnected', counts });
    expect(summary.endedAt.getTime()).toBeGreaterThanOrEqual(summary.startedAt.getTime());
    expect(summary.riskiest).toMatchObject({ text: "COPY tally_orders TO PROGRAM 'true'", action: 'deny' });
    expect(await sessionEnd(g.gw)).toMatchObject({ reason: 'client disconnected', durationMs: expect.any(Number), summary: counts });

    const refusal = (await g.gw.auditEvents()).find((e) => e.type === 'statement' && e.data.text === 'DELETE FROM tally_orders WHERE id = 2');
    expect(refusal?.data).toMatchObject({ refused: true, approval: { id: deniedId, decision: 'denied' } });
    const policyRefusal = (await g.gw.auditEvents()).find((e) => e.type === 'statement' && e.data.text === "COPY tally_orders TO PROGRAM 'true'");
    expect(policyRefusal?.data).toMatchObject({ refused: true, action: 'deny' });
    expect(policyRefusal?.data).not.toHaveProperty('approval');
  });

  it('counts a statement nobody decided on in time as expired, naming the request that timed out', async () => {
    const c = await g.quick.client();
    let error: Error;
    try {
      error = await c.query('DELETE FROM tally_orders WHERE id = 3').then(
        () => new Error('the statement ran'),
        (err: Error) => err,
      );
      expect((await c.query('SELECT count(*)::int AS n FROM tally_orders')).rows).toEqual([{ n: 5 }]);
    } finally {
      await c.end();
    }
    const requestId = /\(request (apr_\w+)\)/.exec(error.message)?.[1];
    expect(error.message).toMatch(/approval timed out/);

    const counts = { ran: 1, approved: 0, modified: 0, denied: 0, expired: 1, refused: 0, maskedFields: 0 };
    expect((await summaryHandedOver()).counts).toEqual(counts);
    expect(await sessionEnd(g.quick)).toMatchObject({ summary: counts });
    const refusal = (await g.quick.auditEvents()).find((e) => e.type === 'statement' && e.data.text === 'DELETE FROM tally_orders WHERE id = 3');
    expect(refusal?.data).toMatchObject({ refused: true, approval: { id: requestId, decision: 'expired' } });
  });
});
