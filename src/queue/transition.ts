import type { ApprovalRequest, ApprovalState, Transition } from '../core/approval.js';

/** Describes the change that produced `request` (read right after the script that made it). Pure. */
export function describeTransition(from: ApprovalState | null, request: ApprovalRequest, actor: string | null, at: Date): Transition {
  const closed = request.closed;
  const reason = request.outcome ? request.outcome.detail : from === 'pending' || from === null ? closed?.reason : undefined;
  return {
    id: request.id,
    from,
    to: request.state,
    at,
    actor,
    ...(reason && request.state !== 'pending' ? { reason } : {}),
    ...(request.state === 'modified' && closed?.command ? { command: { before: request.command, after: closed.command } } : {}),
    request,
  };
}
