import { humanDuration } from '../../util/human-duration.js';
import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';
import { gatewayClient } from '../gateway-client.js';

interface SessionRow {
  readonly start: { readonly sessionId: string; readonly at: string; readonly identity: string | null; readonly connection: string | null };
  readonly end: { readonly at: string; readonly data: { readonly reason?: string; readonly summary?: { readonly ran?: number } } } | null;
}

function isSessionRows(v: unknown): v is SessionRow[] {
  return Array.isArray(v) && v.every((r) => typeof (r as Partial<SessionRow>)?.start?.sessionId === 'string');
}

function row(s: SessionRow): string {
  const started = s.start.at.slice(0, 19).replace('T', ' ');
  const length = s.end ? humanDuration(Date.parse(s.end.at) - Date.parse(s.start.at)) : 'open';
  const ran = s.end?.data.summary?.ran;
  return [s.start.sessionId, started, s.start.identity ?? '?', s.start.connection ?? '?', length, ran === undefined ? '' : `${ran} ran`].join('  ');
}

export const auditSessions: CliCommand = {
  name: 'audit sessions',
  summary: 'list agent sessions in the audit trail, to pick one to replay',
  help: `Usage: airlock audit sessions [--identity NAME] [--connection NAME] [--since ISO] [--until ISO] [--limit N] [--json]

Lists sessions from the audit trail of the gateway at AIRLOCK_URL (default http://127.0.0.1:8080),
newest first (default 100), authenticating with AIRLOCK_TOKEN (an audit reader's): session id,
start (UTC), identity, connection, length and statements run. Replay one with \`airlock replay ID\`.`,

  async run(args, io) {
    const opts = parseOptions(this, args, {
      identity: { type: 'string' },
      connection: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    const { json, ...query } = opts;
    const body: unknown = await (await gatewayClient(io.env).get('/api/audit/sessions', query)).json();
    if (!isSessionRows(body)) throw new CliError('the gateway sent an unexpected session list', 1);
    io.stdout.write(json ? `${JSON.stringify(body, null, 2)}\n` : body.map((s) => `${row(s)}\n`).join(''));
    return 0;
  },
};
