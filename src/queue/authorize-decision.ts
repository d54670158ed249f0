import type { ApprovalRequest, DecideRefusal, DecisionInput } from '../core/approval.js';
import type { Identity } from '../core/identity.js';

type Reviewer = Pick<Identity, 'name' | 'groups'>;
type Refusal = { readonly ok: false; readonly refusal: DecideRefusal; readonly message: string };

/** Whether `reviewer` may decide `request` at all: in one of its reviewer groups and not the requester. */
export function mayDecide(request: Pick<ApprovalRequest, 'identity' | 'reviewers'>, reviewer: Reviewer): boolean {
  return reviewer.name !== request.identity.name && reviewer.groups.some((g) => request.reviewers.includes(g));
}

/**
 * Checks a decision before it reaches Redis. Pure: who may decide never changes after creation, so
 * checking it outside the compare-and-set script is race-free.
 */
export function authorizeDecision(
  request: Pick<ApprovalRequest, 'id' | 'identity' | 'reviewers' | 'shape' | 'sessionCoverMaxMs'>,
  reviewer: Reviewer,
  input: DecisionInput,
): { readonly ok: true } | Refusal {
  if (reviewer.name === request.identity.name) {
    return { ok: false, refusal: 'self-approval', message: `${reviewer.name} cannot decide their own request ${request.id}` };
  }
  if (!mayDecide(request, reviewer)) {
    return {
      ok: false,
      refusal: 'not-a-reviewer',
      message: `${reviewer.name} is not in a reviewer group of ${request.id} (${request.reviewers.join(', ')})`,
    };
  }
  if (input.kind === 'deny' && !input.reason?.trim()) {
    return { ok: false, refusal: 'reason-required', message: 'a denial needs a reason' };
  }
  if (input.kind === 'modify' && !input.command?.trim()) {
    return { ok: false, refusal: 'command-required', message: 'a modification needs the replacement command' };
  }
  if (input.coverForMs !== undefined) return checkCover(request, input);
  return { ok: true };
}

/** A session cover is only for plain approvals, when the policy enables it, and no longer than it allows. */
function checkCover(
  request: Pick<ApprovalRequest, 'id' | 'shape' | 'sessionCoverMaxMs'>,
  input: DecisionInput,
): { readonly ok: true } | Refusal {
  const refuse = (why: string): Refusal => ({ ok: false, refusal: 'cover-not-allowed', message: `cannot cover later statements with ${request.id}: ${why}` });
  if (input.kind !== 'approve') return refuse('only an approval can cover later statements');
  if (!request.sessionCoverMaxMs || !request.shape) return refuse("the connection's policy does not allow session approvals");
  const ms = input.coverForMs ?? 0;
  if (!Number.isFinite(ms) || ms <= 0) return refuse('the cover must last a positive time');
  if (ms > request.sessionCoverMaxMs) return refuse(`the policy allows at most ${Math.round(request.sessionCoverMaxMs / 1000)}s`);
  return { ok: true };
}
