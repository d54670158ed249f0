import type { ReviewJson } from '../../src/http/review-json.js';
import { waitFor } from '../support/process.js';
import { AUDITOR, REVIEWER } from './deployment.js';
import type { GatewayProcess } from './gateway-process.js';

/** What the gateway's HTTP API answered: the status and the parsed JSON body. */
export interface ApiReply<T = unknown> {
  readonly status: number;
  readonly body: T;
}

async function call<T>(gw: GatewayProcess, path: string, token: string, body?: unknown): Promise<ApiReply<T>> {
  const res = await fetch(`${gw.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export const getReview = (gw: GatewayProcess, id: string) => call<ReviewJson>(gw, `/api/reviews/${id}`, REVIEWER.token);

export const decide = (gw: GatewayProcess, id: string, kind: 'approve' | 'deny' | 'modify', body: { reason?: string; command?: string } = {}) =>
  call<ReviewJson & { error?: string; refusal?: string }>(gw, `/api/reviews/${id}/${kind}`, REVIEWER.token, body);

/** Resolves once the review API answers (approvals are open on Redis), not just /readyz. */
export const approvalsReady = (gw: GatewayProcess) =>
  waitFor(async () => (await call(gw, '/api/reviews', REVIEWER.token)).status === 200, `approvals on ${gw.id}`, 30_000);

/** The pending request holding `command` on `gw`'s review list, if there is one now. */
export async function findPending(gw: GatewayProcess, command: string): Promise<ReviewJson | undefined> {
  const reply = await call<ReviewJson[]>(gw, '/api/reviews', REVIEWER.token);
  return reply.status === 200 ? reply.body.find((r) => r.command === command) : undefined;
}

/** Polls `gw`'s review list for the pending request holding `command`. */
export async function pendingFor(gw: GatewayProcess, command: string): Promise<ReviewJson> {
  let found: ReviewJson | undefined;
  await waitFor(async () => (found = await findPending(gw, command)) !== undefined, `a pending request for ${command} on ${gw.id}`);
  return found!;
}

export interface AuditRow {
  readonly at: string;
  readonly chain: string;
  readonly type: string;
  readonly identity: string | null;
  readonly data: Record<string, unknown>;
}

/** Every chain's events, as an auditor exports them through `gw`. */
export async function auditEvents(gw: GatewayProcess): Promise<AuditRow[]> {
  const res = await fetch(`${gw.url}/api/audit/events`, { headers: { authorization: `Bearer ${AUDITOR.token}` } });
  if (!res.ok) throw new Error(`audit export on ${gw.id}: ${res.status}`);
  return (await res.text()).split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditRow);
}

/** The `approval` events about request `id`, in chain order. */
export async function approvalEvents(gw: GatewayProcess, id: string): Promise<AuditRow[]> {
  return (await auditEvents(gw)).filter((e) => e.type === 'approval' && e.data.id === id);
}
