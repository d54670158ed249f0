import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';
import { gatewayClient } from '../gateway-client.js';

export const auditExport: CliCommand = {
  name: 'audit export',
  summary: 'write audit events to stdout',
  help: `Usage: airlock audit export [--since ISO] [--until ISO] [--format jsonl|csv]

Streams audit events from the gateway at AIRLOCK_URL (default http://127.0.0.1:8080) to stdout,
authenticating with the bearer token in AIRLOCK_TOKEN (an audit reader's).

  --since ISO      only events at or after this time, e.g. 2024-05-01 or 2024-05-01T12:00:00Z
  --until ISO      only events at or before this time
  --format FORMAT  jsonl (default, one JSON object per line) or csv (with a header row)`,

  async run(args, io) {
    const opts = parseOptions(this, args, {
      since: { type: 'string' },
      until: { type: 'string' },
      format: { type: 'string' },
    });
    const res = await gatewayClient(io.env).get('/api/audit/events', opts);
    if (!res.body) return 0;
    try {
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), io.stdout, { end: false });
    } catch (err) {
      // The reader went away (e.g. `| head`): not a failure of the export.
      if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
      throw new CliError(`export interrupted; the output is incomplete (${(err as Error).message})`, 1);
    }
    return 0;
  },
};
