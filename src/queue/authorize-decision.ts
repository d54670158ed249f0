import { reviewerNames, type ApprovalRequest, type DecideRefusal, type DecisionInput } from '../core/approval.js';
import { identityKey, type Identity } from '../core/identity.js';

type Reviewer = Pick<Identity, 'name' | 'groups'>;
type Refusal = { readonly ok: false; readonly refusal: DecideRefusal; readonly message: string };
type WhoMayDecide = Pick<ApprovalRequest, 'identity' | 'reviewers' | 'reviewerMembers'>;

const sameName = (a: string, b: string) => identityKey(a) === identityKey(b);

/** Whether `reviewer` is one of `request`'s reviewers: in one of its groups or named as a member. */
function isReviewer(request: WhoMayDecide, reviewer: Reviewer): boolean {
  return reviewer.groups.some((g) => request.reviewers.includes(g)) || (request.reviewerMembers ?? []).some((m) => sameName(m, reviewer.name));
}

/** Whether `reviewer` may decide `request` at all: one of its reviewers and not the requester. */
export function mayDecide(request: WhoMayDecide, reviewer: Reviewer): boolean {
  return !sameName(reviewer.name, request.identity.name) && isReviewer(request, reviewer);
}

/**
 * Checks a decision before it reaches Redis. Pure: who may decide never changes after creation, so
 * checking it outside the compare-and-set script is race-free.
 */
export function authorizeDecision(
  request: WhoMayDecide & Pick<ApprovalRequest, 'id' | 'shape' | 'sessionCoverMaxMs'>,
  reviewer: Reviewer,
  input: DecisionInput,
): { readonly ok: true } | Refusal {
  if (sameName(reviewer.name, request.identity.name)) {
    return { ok: false, refusal: 'self-approval', message: `${reviewer.name} cannot decide their own request ${request.id}` };
  }
  if (!isReviewer(request, reviewer)) {
    const members = request.reviewerMembers?.length ? ' nor one of its reviewers' : '';
    return {
      ok: false,
      refusal: 'not-a-reviewer',
      message: `${reviewer.name} is not in a reviewer group${members} of ${request.id} (${reviewerNames(request).join(', ')})`,
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
