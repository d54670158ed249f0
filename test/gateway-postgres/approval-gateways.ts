import { afterAll, beforeAll } from 'vitest';
import type { Approvals } from '../../src/queue/approvals.js';
import { openReviewerSide, type ReviewerSide } from './reviewer-side.js';
import { REVIEWER, startTestGateway, type TestGateway } from './harness.js';

export const reviewer = { name: REVIEWER.name, groups: ['dba'] };

export interface ApprovalGateways {
  /** Waits a minute for a decision. */
  readonly gw: TestGateway;
  /** Times out after one second. */
  readonly quick: TestGateway;
  /** A second instance on the same Redis, as a reviewer's click landing on another replica would be. */
  readonly reviewerSide: ReviewerSide;
  readonly other: Approvals;
}

/** For one test file: two gateways on the run's Redis over `setupSql`, and a reviewer's instance beside them. */
export function useApprovalGateways(setupSql: string, name: string, opts: Pick<Parameters<typeof startTestGateway>[0] & object, 'onSessionEnd'> = {}): ApprovalGateways {
  const live: Partial<{ -readonly [K in keyof ApprovalGateways]: ApprovalGateways[K] }> = {};
  beforeAll(async () => {
    live.gw = await startTestGateway({ setupSql, approvals: { timeoutMs: 60_000 }, ...opts });
    live.quick = await startTestGateway({ setupSql, approvals: { timeoutMs: 1000 }, ...opts });
    live.reviewerSide = await openReviewerSide(name);
    live.other = live.reviewerSide.approvals;
  });
  afterAll(async () => {
    await live.reviewerSide?.close();
    await live.gw?.close();
    await live.quick?.close();
  });
  const get = <K extends keyof ApprovalGateways>(k: K): ApprovalGateways[K] => {
    const v = live[k];
    if (v === undefined) throw new Error(`${k} is used before beforeAll ran`);
    return v as ApprovalGateways[K];
  };
  return {
    get gw() {
      return get('gw');
    },
    get quick() {
      return get('quick');
    },
    get reviewerSide() {
      return get('reviewerSide');
    },
    get other() {
      return get('other');
    },
  };
}
