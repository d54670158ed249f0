import type { CliCommand } from '../cli-command.js';
import { parseWithOperand, requiredOption } from '../cli-command.js';
import { submitDecision } from '../review-decision.js';

export const reviewModify: CliCommand = {
  name: 'review modify',
  summary: 'approve a changed command instead of the requested one',
  help: `Usage: airlock review modify ID --command TEXT [--reason TEXT]

Approves the request ID with a replacement command, as the reviewer identified by AIRLOCK_TOKEN:
the agent's connection runs TEXT instead, and is told what ran and who changed it.

  --command TEXT  the command to run instead (required)
  --reason TEXT   why, shown to the agent

Exits 1 when the request was already decided or expired, 2 when you may not decide it.`,

  async run(args, io) {
    const opts = { command: { type: 'string' }, reason: { type: 'string' } } as const;
    const { values, operand } = parseWithOperand(this, args, opts, 'the request ID');
    return submitDecision(io, operand, 'modify', { command: requiredOption(this, values.command, '--command'), reason: values.reason });
  },
};
