import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';
import { gatewayClient } from '../gateway-client.js';

interface PruneReply {
  readonly cutoff: string;
  readonly checkpoints: ReadonlyArray<{ readonly chain: string; readonly seq: number; readonly pruned: number }>;
}

// Checked by hand rather than with a schema library: the CLI should start fast.
function isPruneReply(v: unknown): v is PruneReply {
  const r = v as Partial<Record<string, unknown>> | null;
  return typeof r?.cutoff === 'string' && Array.isArray(r.checkpoints) && r.checkpoints.every((c: Partial<Record<string, unknown>> | null) => typeof c?.chain === 'string' && typeof c.seq === 'number' && typeof c.pruned === 'number');
}

export const auditPrune: CliCommand = {
  name: 'audit prune',
  summary: 'prune old audit events now, keeping the hash chains verifiable',
  help: `Usage: airlock audit prune [--before DATE] [--dry-run]

Asks the gateway at AIRLOCK_URL (default http://127.0.0.1:8080) to prune audit events older than
DATE (default: older than audit.retention), authenticating with the bearer token in AIRLOCK_TOKEN
(an audit reader's). The gateway does this hourly by itself when audit.retention is set.

Each chain is pruned up to its first event that must stay (one at or after DATE, or of a session
with such an event), behind a checkpoint that \`airlock audit verify\` checks from; the run is recorded
as an audit.pruned event under your name. Prints one line per chain pruned.

  --before DATE  an ISO 8601 date or date-time, e.g. 2026-08-01 or 2026-08-01T00:00:00Z
  --dry-run      only print what would be pruned

Exits 1 (nothing pruned) when an event due for pruning is already broken.`,

  async run(args, io) {
    const opts = parseOptions(this, args, { before: { type: 'string' }, 'dry-run': { type: 'boolean' } });
    const dryRun = opts['dry-run'] === true;
    const res = await gatewayClient(io.env).post('/api/audit/prune', {}, { before: opts.before, ...(dryRun && { dryRun: 'true' }) });
    const reply: unknown = await res.json().catch(() => undefined);
    if (!isPruneReply(reply)) throw new CliError('the gateway sent an unexpected pruning result', 1);
    const verb = dryRun ? 'would prune' : 'pruned';
    const lines = reply.checkpoints.map((c) => `${verb} ${c.pruned} events of chain ${c.chain} (through seq ${c.seq})`);
    io.stdout.write(`${lines.length > 0 ? lines.join('\n') : `nothing to prune before ${reply.cutoff}`}\n`);
    return 0;
  },
};
