import type { ApprovalGate } from '../core/approval-gate.js';
import type { NewRequest } from '../core/approval.js';
import type { ApprovalSettings } from '../config/types.js';
import type { Logger } from '../util/log.js';
import type { Approvals } from './approvals.js';
import { ApprovalsUnavailableError } from './redis-connection.js';

/**
 * The approval gate for one connection: its reviewer groups and members, and its policy's timeout,
 * reminder and quorum. `approvals()` is null while Redis has not been reached yet; commands are refused then.
 */
export function connectionGate(
  approvals: () => Approvals | null,
  settings: ApprovalSettings,
  reviewers: Pick<NewRequest, 'reviewers' | 'reviewerMembers'>,
  log: Logger,
): ApprovalGate {
  return {
    async hold(command, session, { signal, onParked }) {
      const a = approvals();
      if (!a) throw new ApprovalsUnavailableError();
      if (command.shape && settings.fatigueWindowMs) {
        const cover = await a.coverFor(session.id, command.shape);
        if (cover) return { kind: 'covered', by: cover.by, at: new Date(), requestId: cover.requestId };
      }
      const impact = await command.impact();
      if (signal.aborted) throw signal.reason; // the agent left during the preview: nothing to ask anyone
      const request = await a.request(
        {
          connection: session.connection,
          protocol: session.protocol,
          identity: { name: session.identity.name, groups: session.identity.groups },
          command: command.text,
          reasons: command.reasons,
          tables: command.tables,
          impact,
          reviewers: reviewers.reviewers,
          ...(reviewers.reviewerMembers?.length ? { reviewerMembers: reviewers.reviewerMembers } : {}),
          sessionId: session.id,
          ...(command.shape ? { shape: command.shape } : {}),
        },
        settings,
      );
      onParked(request);
      try {
        return await a.waitForDecision(request.id, signal);
      } catch (err) {
        // The agent went away (or the session ended): the request must never run later.
        if (signal.aborted) await a.cancel(request.id, 'the agent disconnected').catch((e: unknown) => log.warn('could not cancel approval request', { id: request.id, error: e }));
        throw err;
      }
    },
    reportOutcome(id, ok, detail) {
      approvals()
        ?.reportOutcome(id, { ok, ...(detail ? { detail } : {}) })
        .catch((err: unknown) => log.warn('could not record how an approved command ran', { id, error: err }));
    },
  };
}
