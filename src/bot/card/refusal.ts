import type { ApprovalRequest, DecideResult } from '../../core/approval.js';
import type { Reviewer } from '../../identity/reviewer-directory.js';
import { authorizeDecision } from '../../queue/authorize-decision.js';
import { closedRefusal } from '../../queue/decision.js';

export type Refused = Extract<DecideResult, { ok: false }>;

/** How a chat surface writes agent-supplied text and a moment in time. */
export interface TextStyle {
  readonly escape: (text: string) => string;
  readonly date: (at: Date) => string;
}

/**
 * What a reviewer is told when their click changed nothing. For a request someone else closed first,
 * it names who won and when, so a double click or a race explains itself. Pure.
 */
export function refusalMessage(result: Refused, style: TextStyle): string {
  const r = result.request;
  const c = r?.closed;
  if (r && c && (result.refusal === 'already-decided' || result.refusal === 'expired')) {
    const by = c.as === 'approved' ? r.approvals.join(', ') : c.by;
    const who = by ? ` by ${style.escape(by)}` : '';
    const why = c.reason ? `: ${style.escape(c.reason)}` : '';
    return `Nothing changed: ${r.id} was already ${c.as}${who} ${style.date(c.at)}${why}`;
  }
  return `Nothing changed: ${style.escape(result.message)}`;
}

/**
 * Why `reviewer` cannot act on `request` now, before any click reaches the approvals core: not theirs
 * to decide (`forbidden`), or already closed (`closed`, naming who won and when). Undefined when they
 * may. Pure.
 */
export function cannotAct(request: ApprovalRequest, reviewer: Reviewer, style: TextStyle): { readonly why: 'forbidden' | 'closed'; readonly text: string } | undefined {
  const allowed = authorizeDecision(request, reviewer, { kind: 'approve' });
  if (!allowed.ok) return { why: 'forbidden', text: `You can't review this: ${allowed.message}.` };
  if (request.state !== 'pending') return { why: 'closed', text: refusalMessage({ ok: false, ...closedRefusal(request), request }, style) };
  return undefined;
}

/** Redis being away is the one failure a reviewer can wait out; said plainly, with nothing decided. */
export const UNAVAILABLE_MESSAGE = 'Airlock approvals are unavailable right now (Redis is unreachable), so nothing was decided. Try again in a moment.';
export const FAILED_MESSAGE = 'Something went wrong in Airlock, so nothing was decided. The gateway log has the details.';
