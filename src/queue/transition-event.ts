import type { Transition } from '../core/approval.js';
import type { AuditEventInput } from '../core/audit-event.js';

/** The audit event for one approval state change: who acted, when, why, and the statement itself. */
export function transitionEvent(t: Transition): AuditEventInput {
  return {
    type: 'approval',
    at: t.at,
    sessionId: t.request.sessionId,
    identity: t.actor,
    connection: t.request.connection,
    protocol: t.request.protocol,
    data: {
      id: t.id,
      from: t.from,
      to: t.to,
      requester: t.request.identity.name,
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.command ? { command: t.command } : {}),
      // Every event carries the statement, so each stands on its own (a cancel may be the only one recorded).
      text: t.request.command,
      reasons: t.request.reasons,
    },
  };
}
