import { randomBytes } from 'node:crypto';
import type { ApprovalNotification, DigestNotification, NewRequest, Notification, NotificationChannel } from '../../src/core/approval.js';
import type { SessionSummary } from '../../src/core/session-summary.js';
import type { ApprovalSettings } from '../../src/config/types.js';
import { Approvals, type ApprovalsOptions } from '../../src/queue/approvals.js';
import { silentLogger } from '../../src/util/log.js';

export const devin = { name: 'devin', groups: ['agents'] };
export const alice = { name: 'alice@example.com', groups: ['dba'] };
export const bob = { name: 'bob@example.com', groups: ['dba'] };
export const carol = { name: 'carol@example.com', groups: ['dba', 'sre'] };
export const mallory = { name: 'mallory', groups: ['sales'] };

export const settings = (over: Partial<ApprovalSettings> = {}): ApprovalSettings => ({ timeoutMs: 60_000, quorum: 1, ...over });

export const newRequest = (over: Partial<NewRequest> = {}): NewRequest => ({
  connection: 'prod-db',
  protocol: 'postgres',
  identity: devin,
  command: 'DELETE FROM orders WHERE created_at < now()',
  reasons: ['DELETE on public.orders'],
  tables: ['public.orders'],
  impact: null,
  reviewers: ['dba'],
  sessionId: 'sess-1',
  ...over,
});

/** A key prefix of its own, so test files sharing the run's Redis never see each other. */
export const uniquePrefix = (name: string) => `airlock-test-${name}-${randomBytes(3).toString('hex')}`;

/** Fast timers so heartbeats lapse and sweeps run within a test's patience. */
export function open(redisUrl: string, prefix: string, gatewayId: string, over: Partial<ApprovalsOptions> = {}): Promise<Approvals> {
  return Approvals.open({
    redisUrl,
    gatewayId,
    prefix,
    log: silentLogger,
    timings: { heartbeatEveryMs: 150, heartbeatTtlMs: 500, sweepEveryMs: 250, unavailableAfterMs: 500 },
    notify: { backoffMs: 20 },
    ...over,
  });
}

/** Polls until `check` holds; fails with `what` after a generous deadline. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A channel that keeps what it was given; while `down`, every delivery throws. */
export class RecordingChannel implements NotificationChannel {
  readonly received: ApprovalNotification[] = [];
  readonly summaries: SessionSummary[] = [];
  readonly digests: DigestNotification[] = [];
  attempts = 0;
  down = false;

  constructor(readonly name = 'recording') {}

  async deliver(n: Notification): Promise<void> {
    this.attempts++;
    if (this.down) throw new Error('channel down');
    if (n.kind === 'session-ended') this.summaries.push(n.summary);
    else if (n.kind === 'digest') this.digests.push(n);
    else this.received.push(n);
  }

  kinds(id: string): string[] {
    return this.received.filter((n) => n.request.id === id).map((n) => n.kind);
  }
}
