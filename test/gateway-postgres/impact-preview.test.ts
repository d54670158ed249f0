import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewImpact } from '../../src/gateway/postgres/impact/preview-impact.js';
import type { Approvals } from '../../src/queue/approvals.js';
import { openReviewerSide, type ReviewerSide } from './reviewer-side.js';
import { REVIEWER, startTestGateway, type TestGateway } from './harness.js';

// Analyzed, so the planner's estimates are stable: 3,000 orders, a third of them refunded.
const SETUP = `CREATE TABLE orders (id int PRIMARY KEY, status text);
               INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN 'refunded' ELSE 'paid' END FROM generate_series(1, 3000) g;
               ANALYZE orders;`;
const reviewer = { name: REVIEWER.name, groups: ['dba'] };

let gw: TestGateway;
/** A second instance on the same Redis, where the reviewer's decision lands. */
let reviewerSide: ReviewerSide;
let other: Approvals;

beforeAll(async () => {
  gw = await startTestGateway({ setupSql: SETUP, approvals: { timeoutMs: 60_000 } });
  reviewerSide = await openReviewerSide('impact-reviewer');
  other = reviewerSide.approvals;
});
afterAll(async () => {
  await reviewerSide?.close();
  await gw?.close();
});


const estimate = (impact: string | null) => Number(/~([\d,]+) rows/.exec(impact ?? '')?.[1]?.replace(/,/g, ''));

describe('impact preview of held statements', () => {
  it('shows reviewers and the agent the estimated rows of a held DELETE, which then runs as usual', async () => {
    const sql = "DELETE FROM orders WHERE status = 'refunded'";
    const run = gw.psql(['-c', sql]);
    const request = await reviewerSide.pendingFor(sql);
    expect(request.impact).toMatch(/^DELETE on public\.orders, ~[\d,]+ rows$/);
    expect(estimate(request.impact)).toBeGreaterThan(800);
    expect(estimate(request.impact)).toBeLessThan(1200);
    expect((await gw.upstream('SELECT count(*)::int AS n FROM orders'))[0]).toEqual({ n: 3000 }); // EXPLAIN ran nothing
    await other.decide(request.id, reviewer, { kind: 'approve' });
    const r = await run;
    expect(r.stderr).toContain(`held for approval as ${request.id}`);
    expect(r.stderr).toContain(`; estimated impact: ${request.impact}`);
    expect(r.stdout).toBe('DELETE 1000\n');
    expect(r.stderr + r.stdout + JSON.stringify(request)).not.toContain(gw.upstreamPassword);
  });

  it('says why there is no estimate when EXPLAIN fails, and the statement still waits for a decision', async () => {
    const sql = 'DELETE FROM no_such_table WHERE id = 1';
    const run = gw.psql(['-c', sql]);
    const request = await reviewerSide.pendingFor(sql);
    expect(request.impact).toBe('impact unknown: relation "no_such_table" does not exist');
    expect(request.state).toBe('pending');
    await other.decide(request.id, reviewer, { kind: 'deny', reason: 'no such table' });
    const r = await run;
    expect(r.stderr).not.toContain('impact');
    expect(r.stderr).toContain(`denied by ${REVIEWER.name}: no such table (request ${request.id})`);
  });

  it('does not estimate a statement with placeholders', async () => {
    const c = await gw.client();
    try {
      const text = 'DELETE FROM orders WHERE id = $1';
      const pending = c.query(text, [1]);
      const request = await reviewerSide.pendingFor(text);
      expect(request.impact).toBe('impact unknown: statement has parameters');
      await other.decide(request.id, reviewer, { kind: 'approve' });
      expect((await pending).rowCount).toBe(1);
    } finally {
      await c.end();
    }
  });
});

describe('previewImpact on its own', () => {
  let silent: Server;
  const held: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((s) => held.push(s)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    held.forEach((s) => s.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });

  it('gives up within its timeout when the upstream does not answer', async () => {
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const started = Date.now();
    const upstream = { host: '127.0.0.1', port, database: 'x', user: 'u', password: 'hunter2-secret', sslmode: 'disable' } as const;
    const impact = await previewImpact(upstream, 'DELETE FROM orders', { timeoutMs: 200 });
    expect(impact).toMatch(/^impact unknown: timed out after 200 ms/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(impact).not.toContain('hunter2-secret');
  });
});
