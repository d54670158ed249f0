import type { CliCommand } from '../cli-command.js';
import { parseWithOperand, requiredOption } from '../cli-command.js';
import { submitDecision } from '../review-decision.js';

export const reviewDeny: CliCommand = {
  name: 'review deny',
  summary: 'deny a pending request, with a reason',
  help: `Usage: airlock review deny ID --reason TEXT

Denies the request ID as the reviewer identified by AIRLOCK_TOKEN. The agent sees the reason.

  --reason TEXT  why (required)

Exits 1 when the request was already decided or expired, 2 when you may not decide it.`,

  async run(args, io) {
    const { values, operand } = parseWithOperand(this, args, { reason: { type: 'string' } }, 'the request ID');
    return submitDecision(io, operand, 'deny', { reason: requiredOption(this, values.reason, '--reason') });
  },
};
