import { setTimeout as sleep } from 'node:timers/promises';
import { replayLines } from '../../audit/replay/replay-lines.js';
import { auditEventsFromJson } from '../audit-events-wire.js';
import type { CliCommand } from '../cli-command.js';
import { parseWithOperand, usageError } from '../cli-command.js';
import { gatewayClient } from '../gateway-client.js';

/** Long pauses are capped, so an idle hour in a session doesn't stall a replay. */
const MAX_PAUSE_MS = 10_000;

export const replay: CliCommand = {
  name: 'replay',
  summary: 'play back an agent session from the audit trail',
  help: `Usage: airlock replay SESSION_ID [--speed X]

Plays back one session from the audit trail of the gateway at AIRLOCK_URL (default
http://127.0.0.1:8080), authenticating with the bearer token in AIRLOCK_TOKEN (an audit reader's):
each statement with its verdict, command tag, duration and masking, every approval step (who,
when, why, the modified text), and how the session ended, with the original timing.

  --speed X   play X times as fast (default 1; 0 prints everything at once). Pauses are capped
              at 10 s. Session ids come from \`airlock audit sessions\`.`,

  async run(args, io) {
    const { values, operand } = parseWithOperand(this, args, { speed: { type: 'string' } }, 'SESSION_ID');
    const speed = Number(values.speed ?? '1');
    if (!Number.isFinite(speed) || speed < 0) throw usageError(this, `--speed must be a number of at least 0, got "${values.speed ?? ''}"`);
    const res = await gatewayClient(io.env).get(`/api/audit/sessions/${encodeURIComponent(operand)}`);
    let last = 0;
    for (const l of replayLines(auditEventsFromJson(await res.json()))) {
      if (speed > 0) await sleep(Math.min(MAX_PAUSE_MS, (l.offsetMs - last) / speed));
      last = l.offsetMs;
      io.stdout.write(`[+${(l.offsetMs / 1000).toFixed(3)}s] ${l.text}\n`);
    }
    return 0;
  },
};
