import type { CliCommand } from '../cli-command.js';
import { parseWithOperand } from '../cli-command.js';
import { submitDecision } from '../review-decision.js';

export const reviewApprove: CliCommand = {
  name: 'review approve',
  summary: 'approve a pending request',
  help: `Usage: airlock review approve ID [--reason TEXT] [--for-session DURATION]

Approves the request ID as the reviewer identified by AIRLOCK_TOKEN (or, when it is unset, by the
token airlock login stored). Under a quorum, prints how
many approvals are recorded so far; the command runs once enough reviewers approved.

  --reason TEXT            why, for the audit trail
  --for-session DURATION   also let later statements of the same shape in that agent session run
                           without asking, for this long (e.g. 10m); only where the connection's
                           policy sets approvals.fatigue, and up to that long

Exits 1 when the request was already decided or expired, 2 when you may not decide it.`,

  async run(args, io) {
    const { values, operand } = parseWithOperand(this, args, { reason: { type: 'string' }, 'for-session': { type: 'string' } }, 'the request ID');
    const coverFor = values['for-session'];
    return submitDecision(io, operand, 'approve', { reason: values.reason, ...(coverFor ? { coverFor } : {}) });
  },
};
