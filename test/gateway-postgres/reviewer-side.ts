import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { ApprovalRequest } from '../../src/core/approval.js';
import { Approvals } from '../../src/queue/approvals.js';
import { silentLogger } from '../../src/util/log.js';

/**
 * Approvals opened as another gateway instance on the run's Redis — where a reviewer's click would
 * land — plus a way to find the request a held statement created.
 */
export interface ReviewerSide {
  readonly approvals: Approvals;
  pendingFor(command: string): Promise<ApprovalRequest>;
  close(): Promise<void>;
}

export async function openReviewerSide(name: string): Promise<ReviewerSide> {
  const approvals = await Approvals.open({ redisUrl: inject('redisUrl'), gatewayId: `${name}-${randomBytes(3).toString('hex')}`, log: silentLogger });
  return {
    approvals,
    async pendingFor(command) {
      for (let i = 0; i < 200; i++) {
        const found = (await approvals.listPending()).find((r) => r.command === command);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no pending request for ${command}`);
    },
    close: () => approvals.close(),
  };
}
