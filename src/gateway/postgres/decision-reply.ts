import { reviewerNames, type ApprovalRequest, type Decision, type RefusingState } from '../../core/approval.js';
import { humanDuration } from '../../util/human-duration.js';
import { isKnownImpact } from './impact/explain-impact.js';
import { SQLSTATE } from './sqlstate.js';

export type DecisionReply =
  | { readonly kind: 'run'; readonly text: string; readonly notice?: string }
  /** `decision` says which closing refused it, for the session's tally and the statement's audit event. */
  | { readonly kind: 'refuse'; readonly decision: RefusingState; readonly code: string; readonly message: string };

/** How long the request could wait for a decision: the policy's timeout, as people write it. */
const approvalWindow = (r: Pick<ApprovalRequest, 'createdAt' | 'expiresAt'>) => humanDuration(r.expiresAt.getTime() - r.createdAt.getTime());

/** The NOTICE an agent gets before its statement waits (CONTRACT.md: request id, reviewers, deadline). */
export function heldNotice(r: ApprovalRequest): string {
  const waitFor = approvalWindow(r);
  const quorum = r.quorum > 1 ? ` (${r.quorum} approvals needed)` : '';
  const impact = isKnownImpact(r.impact) ? `; estimated impact: ${r.impact}` : '';
  return (
    `airlock: statement held for approval as ${r.id}; reviewers: ${reviewerNames(r).join(', ')}${quorum}; ` +
    `waiting up to ${waitFor}, until ${r.expiresAt.toISOString()}${impact}`
  );
}

/** What the held statement turns into once the request is closed (CONTRACT.md, "What the agent sees"). */
export function decisionReply(r: Pick<ApprovalRequest, 'id' | 'command' | 'createdAt' | 'expiresAt'>, d: Exclude<Decision, { kind: 'covered' }>): DecisionReply {
  switch (d.kind) {
    case 'approved':
      return { kind: 'run', text: r.command };
    case 'modified':
      return {
        kind: 'run',
        text: d.command,
        notice: `airlock: ${d.by} changed your statement (request ${r.id})${d.reason ? `: ${d.reason}` : ''}; ran instead: ${d.command}`,
      };
    case 'denied':
      return { kind: 'refuse', decision: 'denied', code: SQLSTATE.insufficientPrivilege, message: `airlock: denied by ${d.by}: ${d.reason} (request ${r.id})` };
    case 'expired':
      return {
        kind: 'refuse',
        decision: 'expired',
        code: SQLSTATE.queryCanceled,
        message: `airlock: approval timed out after ${approvalWindow(r)} (request ${r.id})`,
      };
    case 'cancelled':
      return { kind: 'refuse', decision: 'cancelled', code: SQLSTATE.queryCanceled, message: `airlock: approval request ${r.id} was cancelled: ${d.reason}` };
  }
}
