import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionSummary } from '../../src/core/session-summary.js';
import type { Approvals } from '../../src/queue/approvals.js';
import { openReviewerSide, type ReviewerSide } from './reviewer-side.js';
import { AGENT, REVIEWER, startTestGateway, type TestGateway } from './harness.js';

/** Every summary a session handed over in this file (test files run in their own process). */
const ended = vi.hoisted((): SessionSummary[] => []);

// startGateway does not take the callback yet, so the listener it builds is given one here.
vi.mock('../../src/gateway/postgres/listener.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/gateway/postgres/listener.js')>();
  class SummarisingListener extends real.PostgresListener {
    constructor(deps: ConstructorParameters<typeof real.PostgresListener>[0]) {
      super({ ...deps, onSessionEnd: (summary) => ended.push(summary) });
    }
  }
  return { ...real, PostgresListener: SummarisingListener };
});

const SETUP = `CREATE TABLE tally_orders (id int PRIMARY KEY);
               INSERT INTO tally_orders SELECT generate_series(1, 5);
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;
const reviewer = { name: REVIEWER.name, groups: ['dba'] };

let gw: TestGateway;
let quick: TestGateway;
let reviewerSide: ReviewerSide;
let other: Approvals;

beforeAll(async () => {
  gw = await startTestGateway({ setupSql: SETUP, approvals: { timeoutMs: 60_000 } });
  quick = await startTestGateway({ setupSql: SETUP, approvals: { timeoutMs: 1000 } });
  reviewerSide = await openReviewerSide('summary');
  other = reviewerSide.approvals;
});
afterAll(async () => {
  await reviewerSide?.close();
  await gw?.close();
  await quick?.close();
});
beforeEach(() => {
  ended.length = 0;
});

/** The one summary handed over, once the test's only session has ended. */
async function summaryHandedOver(): Promise<SessionSummary> {
  await expect.poll(() => ended.length, { timeout: 10_000 }).toBe(1);
  return ended[0]!;
}

/** Each gateway here serves one session, so its trail has one session.end. */
async function sessionEnd(g: TestGateway): Promise<Record<string, unknown>> {
  const ends = (await g.auditEvents()).filter((e) => e.type === 'session.end');
  expect(ends).toHaveLength(1);
  return ends[0]!.data;
}

describe('the summary of an agent session', () => {
  it('counts what ran, what reviewers approved or denied and what policy refused, in the trail and for the callback', async () => {
    const c = await gw.client();
    let sessionId: string;
    let deniedId: string;
    try {
      expect((await c.query('SELECT count(*)::int AS n FROM tally_orders')).rows).toEqual([{ n: 5 }]);
      expect((await c.query('SELECT $1::int AS n', [7])).rows).toEqual([{ n: 7 }]);
      await expect(c.query("COPY tally_orders TO PROGRAM 'true'")).rejects.toThrow(/airlock: blocked by policy/);

      const approvedRun = c.query('DELETE FROM tally_orders WHERE id = 1');
      const approved = await reviewerSide.pendingFor('DELETE FROM tally_orders WHERE id = 1');
      await other.decide(approved.id, reviewer, { kind: 'approve' });
      expect((await approvedRun).rowCount).toBe(1);

      const deniedRun = c.query('DELETE FROM tally_orders WHERE id = 2').catch((err: Error) => err);
      const denied = await reviewerSide.pendingFor('DELETE FROM tally_orders WHERE id = 2');
      await other.decide(denied.id, reviewer, { kind: 'deny', reason: 'keep it' });
      expect(await deniedRun).toMatchObject({ message: expect.stringMatching(/denied by/) });
      sessionId = approved.sessionId;
      deniedId = denied.id;
    } finally {
      await c.end();
    }

    const counts = { ran: 3, approved: 1, denied: 1, expired: 0, refused: 1, maskedFields: 0 };
    const summary = await summaryHandedOver();
    expect(summary).toMatchObject({ sessionId, identity: AGENT.name, connection: 'prod', protocol: 'postgres', reason: 'client disconnected', counts });
    expect(summary.endedAt.getTime()).toBeGreaterThanOrEqual(summary.startedAt.getTime());
    expect(await sessionEnd(gw)).toMatchObject({ reason: 'client disconnected', durationMs: expect.any(Number), summary: counts });

    const refusal = (await gw.auditEvents()).find((e) => e.type === 'statement' && e.data.text === 'DELETE FROM tally_orders WHERE id = 2');
    expect(refusal?.data).toMatchObject({ refused: true, approval: { id: deniedId, decision: 'denied' } });
    const policyRefusal = (await gw.auditEvents()).find((e) => e.type === 'statement' && e.data.text === "COPY tally_orders TO PROGRAM 'true'");
    expect(policyRefusal?.data).toMatchObject({ refused: true, action: 'deny' });
    expect(policyRefusal?.data).not.toHaveProperty('approval');
  });

  it('counts a statement nobody decided on in time as expired, naming the request that timed out', async () => {
    const c = await quick.client();
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

    const counts = { ran: 1, approved: 0, denied: 0, expired: 1, refused: 0, maskedFields: 0 };
    expect((await summaryHandedOver()).counts).toEqual(counts);
    expect(await sessionEnd(quick)).toMatchObject({ summary: counts });
    const refusal = (await quick.auditEvents()).find((e) => e.type === 'statement' && e.data.text === 'DELETE FROM tally_orders WHERE id = 3');
    expect(refusal?.data).toMatchObject({ refused: true, approval: { id: requestId, decision: 'expired' } });
  });
});
