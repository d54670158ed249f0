import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approvals } from '../../src/queue/approvals.js';
import { openReviewerSide, type ReviewerSide } from './reviewer-side.js';
import { REVIEWER, startTestGateway, type TestGateway } from './harness.js';

const SETUP = `CREATE TABLE jobs (id int PRIMARY KEY);
               INSERT INTO jobs SELECT generate_series(1, 10);
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;
const reviewer = { name: REVIEWER.name, groups: ['dba'] };

let withFatigue: TestGateway;
let without: TestGateway;
let reviewerSide: ReviewerSide;
let other: Approvals;

beforeAll(async () => {
  withFatigue = await startTestGateway({ setupSql: SETUP, approvals: { timeoutMs: 60_000, fatigueWindowMs: 600_000 } });
  without = await startTestGateway({ setupSql: SETUP, approvals: { timeoutMs: 60_000 } });
  reviewerSide = await openReviewerSide('cover');
  other = reviewerSide.approvals;
});
afterAll(async () => {
  await reviewerSide?.close();
  await withFatigue?.close();
  await without?.close();
});


describe('approving a statement shape for the rest of a session (reviewer fatigue)', () => {
  it('lets later statements of the same shape in that session run, audited as covered', async () => {
    const c = await withFatigue.client();
    try {
      const first = c.query('DELETE FROM jobs WHERE id = 1');
      const request = await reviewerSide.pendingFor('DELETE FROM jobs WHERE id = 1');
      expect(await other.decide(request.id, reviewer, { kind: 'approve', coverForMs: 300_000 })).toMatchObject({ ok: true });
      expect((await first).rowCount).toBe(1);
      // Same shape, other literal: runs at once, without a new request.
      expect((await c.query('DELETE FROM jobs WHERE id = 2')).rowCount).toBe(1);
      expect((await other.listPending()).some((r) => r.sessionId === request.sessionId)).toBe(false);
      const covered = (await withFatigue.auditEvents()).find((e) => e.type === 'statement' && e.data.text === 'DELETE FROM jobs WHERE id = 2');
      expect(covered?.data).toMatchObject({ approval: { id: request.id, decision: 'covered', by: [REVIEWER.name] }, rows: 1 });
      // A wider statement is another shape: it waits for its own decision.
      const wider = c.query('DELETE FROM jobs WHERE id IN (6, 7, 8)').catch((err: Error) => err);
      const widerRequest = await reviewerSide.pendingFor('DELETE FROM jobs WHERE id IN (6, 7, 8)');
      await other.decide(widerRequest.id, reviewer, { kind: 'deny', reason: 'too wide' });
      expect(await wider).toMatchObject({ message: expect.stringMatching(/denied by/) });
    } finally {
      await c.end();
    }
  });

  it('does not cover another shape, nor the same shape in another session', async () => {
    const c = await withFatigue.client();
    try {
      // Caught at once: the denial may arrive before the assertion below is reached.
      const held = c.query('DELETE FROM jobs WHERE id = 3').catch((err: Error) => err);
      const request = await reviewerSide.pendingFor('DELETE FROM jobs WHERE id = 3');
      await other.decide(request.id, reviewer, { kind: 'deny', reason: 'not this one' });
      expect(await held).toMatchObject({ message: expect.stringMatching(/denied by/) });
    } finally {
      await c.end();
    }
    expect(await withFatigue.upstream('SELECT id FROM jobs WHERE id = 3')).toEqual([{ id: 3 }]);
  });

  it('is refused when the policy does not enable it, and when longer than the policy allows', async () => {
    const c = await without.client();
    try {
      const held = c.query('DELETE FROM jobs WHERE id = 4');
      const request = await reviewerSide.pendingFor('DELETE FROM jobs WHERE id = 4');
      expect(await other.decide(request.id, reviewer, { kind: 'approve', coverForMs: 60_000 })).toMatchObject({ ok: false, refusal: 'cover-not-allowed' });
      await other.decide(request.id, reviewer, { kind: 'approve' });
      expect((await held).rowCount).toBe(1);
    } finally {
      await c.end();
    }
    const c2 = await withFatigue.client();
    try {
      const held = c2.query('DELETE FROM jobs WHERE id = 5').catch((err: Error) => err);
      const request = await reviewerSide.pendingFor('DELETE FROM jobs WHERE id = 5');
      expect(await other.decide(request.id, reviewer, { kind: 'approve', coverForMs: 3_600_000 })).toMatchObject({ ok: false, refusal: 'cover-not-allowed' });
      await other.decide(request.id, reviewer, { kind: 'deny', reason: 'cleanup' });
      expect(await held).toMatchObject({ message: expect.stringMatching(/denied/) });
    } finally {
      await c2.end();
    }
  });
});
