import type { VerifyResult } from '../../audit/verify.js';
import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';
import { gatewayClient } from '../gateway-client.js';

// Checked by hand rather than with a schema library: the CLI should start fast.
function isVerifyResult(v: unknown): v is VerifyResult {
  const r = v as Partial<Record<string, unknown>> | null;
  if (typeof r !== 'object' || r === null || typeof r.count !== 'number') return false;
  if (r.ok === true) return true;
  const b = r.broken as Partial<Record<string, unknown>> | undefined;
  return r.ok === false && typeof b?.chain === 'string' && typeof b.seq === 'number' && typeof b.reason === 'string';
}

export const auditVerify: CliCommand = {
  name: 'audit verify',
  summary: 'check the audit hash chains of a running gateway',
  help: `Usage: airlock audit verify

Asks the gateway at AIRLOCK_URL (default http://127.0.0.1:8080) to re-compute the audit hash
chains, authenticating with the bearer token in AIRLOCK_TOKEN (an audit reader's).

Prints "ok N events" and exits 0 when every chain is intact; prints the first broken event
and exits 1 otherwise. Chains pruned by retention are checked from their checkpoint, which must
match the audit.pruned event that recorded it. Exits 2 when the gateway cannot be reached or refuses the token.`,

  async run(args, io) {
    parseOptions(this, args, {});
    const res = await gatewayClient(io.env).get('/api/audit/verify');
    const result: unknown = await res.json().catch(() => undefined);
    if (!isVerifyResult(result)) throw new CliError('the gateway sent an unexpected verification result', 1);
    if (result.ok) {
      io.stdout.write(`ok ${result.count} events\n`);
      return 0;
    }
    const { chain, seq, reason } = result.broken;
    io.stdout.write(`broken at chain ${chain} seq ${seq}: ${reason}\n`);
    return 1;
  },
};
