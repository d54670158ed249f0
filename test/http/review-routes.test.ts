import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { ReviewJson } from '../../src/http/review-json.js';
import { registerReviewRoutes } from '../../src/http/review-routes.js';
import { ApprovalsUnavailableError } from '../../src/queue/redis-connection.js';
import { newRequest, until } from '../queue/fixture.js';
import { startReviewGateway, type ReviewGateway } from './review-gateway.js';
import { startTestServer, TOKENS } from './stand-ins.js';

let gw: ReviewGateway;
beforeEach(async () => {
  gw = await startReviewGateway(inject('redisUrl'), 'review-routes');
});
afterEach(() => gw.close());

const pending = (over: { quorum?: number; timeoutMs?: number } = {}) =>
  gw.approvals.request(newRequest(), { timeoutMs: over.timeoutMs ?? 60_000, quorum: over.quorum ?? 1 });

async function call(token: string | null, method: string, path: string, body?: string) {
  const res = await fetch(`${gw.url}${path}`, {
    method,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string; refusal?: string } };
}

const decide = (token: string, id: string, kind: string, body: unknown = {}) =>
  call(token, 'POST', `/api/reviews/${id}/${kind}`, JSON.stringify(body));

describe('GET /api/reviews', () => {
  it('lists a pending request to its reviewers with ISO dates and the requester by name', async () => {
    const r = await pending();
    const { status, body } = await call(TOKENS.alice, 'GET', '/api/reviews');
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({
        id: r.id,
        connection: 'prod-db',
        identity: 'devin',
        command: r.command,
        reasons: r.reasons,
        tables: r.tables,
        impact: null,
        reviewers: ['dba'],
        quorum: 1,
        approvals: [],
        createdAt: r.createdAt.toISOString(),
        expiresAt: r.expiresAt.toISOString(),
      }),
    ]);
  });

  it('shows nothing to a non-reviewer or to the requester', async () => {
    await pending();
    expect((await call(TOKENS.auditor, 'GET', '/api/reviews')).body).toEqual([]);
    expect((await call(TOKENS.agent, 'GET', '/api/reviews')).body).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    expect((await call(null, 'GET', '/api/reviews')).status).toBe(401);
  });
});

describe('GET /api/reviews/:id', () => {
  it('shows the request to its reviewers and its requester, and 404 to others and for unknown ids', async () => {
    const r = await pending();
    expect(await call(TOKENS.alice, 'GET', `/api/reviews/${r.id}`)).toMatchObject({ status: 200, body: { id: r.id, state: 'pending' } });
    expect((await call(TOKENS.agent, 'GET', `/api/reviews/${r.id}`)).status).toBe(200);
    const hidden = await call(TOKENS.auditor, 'GET', `/api/reviews/${r.id}`);
    const unknown = await call(TOKENS.alice, 'GET', '/api/reviews/apr_0000000000');
    expect(hidden).toEqual({ status: 404, body: { error: `no approval request ${r.id}` } });
    expect(unknown).toEqual({ status: 404, body: { error: 'no approval request apr_0000000000' } });
  });
});

describe('POST /api/reviews/:id/{approve,deny,modify}', () => {
  it('approves with 200 and the approved request; a second decision gets 409 naming who won', async () => {
    const r = await pending();
    const first = await decide(TOKENS.alice, r.id, 'approve');
    expect(first).toMatchObject({ status: 200, body: { id: r.id, state: 'approved', approvals: ['alice@example.com'] } });
    expect((await gw.approvals.get(r.id))?.state).toBe('approved');

    const late = await decide(TOKENS.bob, r.id, 'approve');
    expect(late.status).toBe(409);
    expect(late.body.refusal).toBe('already-decided');
    expect(late.body.error).toMatch(/^already approved by alice@example\.com at \d{4}-\d\d-\d\dT/);
    expect((late.body.request as ReviewJson).closed).toMatchObject({ as: 'approved', by: 'alice@example.com' });
  });

  it('accepts an approval without a body', async () => {
    const r = await pending();
    expect((await call(TOKENS.alice, 'POST', `/api/reviews/${r.id}/approve`)).status).toBe(200);
  });

  it('records a partial approval under a quorum, and 409 for the same reviewer twice', async () => {
    const r = await pending({ quorum: 2 });
    expect(await decide(TOKENS.alice, r.id, 'approve')).toMatchObject({ status: 200, body: { state: 'pending', approvals: ['alice@example.com'] } });
    expect(await decide(TOKENS.alice, r.id, 'approve')).toMatchObject({ status: 409, body: { refusal: 'already-approved-by-you' } });
    expect(await decide(TOKENS.bob, r.id, 'approve')).toMatchObject({ status: 200, body: { state: 'approved' } });
  });

  it('refuses a denial without a reason with 400, then denies with one', async () => {
    const r = await pending();
    expect(await decide(TOKENS.alice, r.id, 'deny')).toMatchObject({ status: 400, body: { refusal: 'reason-required' } });
    const denied = await decide(TOKENS.alice, r.id, 'deny', { reason: 'use a batch job' });
    expect(denied).toMatchObject({ status: 200, body: { state: 'denied', closed: { as: 'denied', by: 'alice@example.com', reason: 'use a batch job' } } });
  });

  it('modifies with the replacement command, and 400 without one', async () => {
    const r = await pending();
    expect(await decide(TOKENS.alice, r.id, 'modify', { reason: 'x' })).toMatchObject({ status: 400, body: { refusal: 'command-required' } });
    const command = 'DELETE FROM orders WHERE id = 7';
    const modified = await decide(TOKENS.alice, r.id, 'modify', { command, reason: 'one row only' });
    expect(modified).toMatchObject({ status: 200, body: { state: 'modified', command: r.command, closed: { as: 'modified', command, reason: 'one row only' } } });
  });

  it('answers 403 to a non-reviewer without showing the request, and 403 to the requester', async () => {
    const r = await pending();
    const stranger = await decide(TOKENS.auditor, r.id, 'approve');
    expect(stranger).toEqual({ status: 403, body: { error: expect.stringContaining('not in a reviewer group'), refusal: 'not-a-reviewer' } });
    expect(await decide(TOKENS.agent, r.id, 'approve')).toMatchObject({ status: 403, body: { refusal: 'self-approval' } });
    expect((await gw.approvals.get(r.id))?.state).toBe('pending');
  });

  it('answers 404 for an unknown id', async () => {
    expect(await decide(TOKENS.alice, 'apr_0000000000', 'approve')).toMatchObject({ status: 404, body: { refusal: 'not-found' } });
  });

  it('answers 409 once the request expired', async () => {
    const r = await pending({ timeoutMs: 200 });
    await until(() => Date.now() > r.expiresAt.getTime(), 'the deadline');
    const late = await decide(TOKENS.alice, r.id, 'approve');
    expect(late).toMatchObject({ status: 409, body: { refusal: 'expired', request: { state: 'expired' } } });
    expect(late.body.error).toContain('expired');
  });

  it('answers 400 to malformed JSON and to fields of the wrong type or kind', async () => {
    const r = await pending();
    const path = `/api/reviews/${r.id}`;
    expect(await call(TOKENS.alice, 'POST', `${path}/approve`, '{nope')).toEqual({ status: 400, body: { error: 'request body is not valid JSON' } });
    expect(await decide(TOKENS.alice, r.id, 'deny', { reason: 42 })).toEqual({ status: 400, body: { error: 'reason must be a string' } });
    expect(await decide(TOKENS.alice, r.id, 'modify', { command: ['x'] })).toEqual({ status: 400, body: { error: 'command must be a string' } });
    expect((await decide(TOKENS.alice, r.id, 'approve', { command: 'SELECT 1' })).status).toBe(400);
    expect((await decide(TOKENS.alice, r.id, 'approve', ['yes'])).status).toBe(400);
    expect((await decide(TOKENS.alice, r.id, 'approve', { reasn: 'typo' })).body).toEqual({ error: 'unknown field "reasn"' });
    expect((await gw.approvals.get(r.id))?.state).toBe('pending');
  });

  it('answers 401 without a token', async () => {
    const r = await pending();
    expect((await call(null, 'POST', `/api/reviews/${r.id}/approve`, '{}')).status).toBe(401);
  });
});

describe('Redis unreachable', () => {
  it('answers 503 with the reason', async () => {
    const down = () => Promise.reject(new ApprovalsUnavailableError());
    const { server, url } = await startTestServer();
    registerReviewRoutes(server, { listPending: down, get: down, decide: down });
    try {
      for (const [method, path] of [['GET', '/api/reviews'], ['GET', '/api/reviews/apr_1'], ['POST', '/api/reviews/apr_1/approve']] as const) {
        const res = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${TOKENS.alice}` } });
        expect(res.status).toBe(503);
        expect(await res.json()).toEqual({ error: 'approvals are unavailable: Redis is unreachable' });
      }
    } finally {
      await server.close();
    }
  });
});
