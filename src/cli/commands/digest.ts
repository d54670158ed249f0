import type { Digest } from '../../core/digest.js';
import { digestText } from '../../audit/digest/digest-text.js';
import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';
import { gatewayClient } from '../gateway-client.js';

// Checked by hand rather than with a schema library: the CLI should start fast.
function isDigest(v: unknown): v is Digest {
  const d = v as Partial<Record<string, unknown>> | null;
  return typeof d === 'object' && d !== null && typeof d.day === 'object' && typeof d.totals === 'object' && Array.isArray(d.agents) && typeof d.chain === 'object';
}

export const digest: CliCommand = {
  name: 'digest',
  summary: "print a day's audit digest: what agents did, how reviews went",
  help: `Usage: airlock digest [--date YYYY-MM-DD] [--tz ZONE] [--json] [--post]

Asks the gateway at AIRLOCK_URL (default http://127.0.0.1:8080) for the digest of one day,
authenticating with the bearer token in AIRLOCK_TOKEN (an audit reader's): sessions and statements
per agent and connection, reviews approved, modified, denied and expired, time to decision (median,
p90, the slowest), the top reasons for review, masked values, and the audit chain check.

  --date YYYY-MM-DD  the day to report (default: yesterday)
  --tz ZONE          the time zone the day is counted in, e.g. Europe/Berlin (default UTC)
  --json             print the digest as JSON instead of text
  --post             also send it to the configured digest channels (Slack's digest channel, the
                     console)`,

  async run(args, io) {
    const opts = parseOptions(this, args, { date: { type: 'string' }, tz: { type: 'string' }, json: { type: 'boolean' }, post: { type: 'boolean' } });
    const client = gatewayClient(io.env);
    const query = { date: opts.date, tz: opts.tz };
    const res = opts.post ? await client.post('/api/audit/digest/post', {}, query) : await client.get('/api/audit/digest', query);
    const body: unknown = await res.json().catch(() => undefined);
    if (!isDigest(body)) throw new CliError('the gateway sent an unexpected digest', 1);
    io.stdout.write(opts.json ? `${JSON.stringify(body, null, 2)}\n` : digestText(body));
    return body.chain.ok ? 0 : 1;
  },
};
