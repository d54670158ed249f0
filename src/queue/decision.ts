import type { ApprovalRequest, DecideRefusal, Decision } from '../core/approval.js';

/** The decision a closed request carries; null while it is pending. Pure. */
export function decisionOf(request: ApprovalRequest): Decision | null {
  const c = request.closed;
  if (!c) return null;
  switch (c.as) {
    case 'approved':
      return { kind: 'approved', by: request.approvals, at: c.at };
    case 'modified':
      return { kind: 'modified', by: c.by ?? '', at: c.at, command: c.command ?? '', ...(c.reason ? { reason: c.reason } : {}) };
    case 'denied':
      return { kind: 'denied', by: c.by ?? '', at: c.at, reason: c.reason ?? '' };
    case 'expired':
      return { kind: 'expired', at: c.at };
    case 'cancelled':
      return { kind: 'cancelled', at: c.at, reason: c.reason ?? '' };
  }
}

/** Why a closed request takes no more decisions, worded for the reviewer who clicked too late. Pure. */
export function closedRefusal(request: ApprovalRequest): { readonly refusal: DecideRefusal; readonly message: string } {
  const c = request.closed;
  if (!c) return { refusal: 'already-decided', message: `${request.id} is ${request.state}` };
  const at = c.at.toISOString();
  switch (c.as) {
    case 'expired':
      return { refusal: 'expired', message: `${request.id} expired at ${at} without a decision` };
    case 'cancelled':
      return { refusal: 'already-decided', message: `${request.id} was cancelled at ${at}: ${c.reason ?? 'no reason given'}` };
    default:
      return { refusal: 'already-decided', message: `already ${c.as} by ${c.by ?? request.approvals.join(', ')} at ${at}` };
  }
}
