import type { AuditTrail } from '../audit/open-audit.js';
import { HttpError } from './http-error.js';
import type { HttpServer } from './http-server.js';
import { parseAuditExportQuery } from './audit-query.js';

/** The part of the audit trail session browsing reads. */
export type SessionReader = Pick<AuditTrail, 'sessions' | 'sessionEvents'>;

const MAX_SESSIONS = 1000;
const MAX_EVENTS = 100_000;

function limitOf(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SESSIONS) throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_SESSIONS}, got "${raw}"`);
  return n;
}

/** Sessions to pick from and one session's events, for replay; audit readers only. */
export function registerSessionRoutes(server: HttpServer, audit: SessionReader, readers: readonly string[]): void {
  const auth = { auth: { groups: readers } };
  server.route(
    'GET',
    '/api/audit/sessions',
    async (ctx) => {
      const { since, until } = parseAuditExportQuery(ctx.query);
      const identity = ctx.query.get('identity') ?? undefined;
      const connection = ctx.query.get('connection') ?? undefined;
      const found = await audit.sessions({ ...(since && { since }), ...(until && { until }), ...(identity && { identity }), ...(connection && { connection }) }, limitOf(ctx.query));
      return { json: found };
    },
    auth,
  );
  server.route(
    'GET',
    '/api/audit/sessions/:id',
    async (ctx) => {
      const events = await audit.sessionEvents(ctx.params.id as string, MAX_EVENTS);
      if (events.length === 0) throw new HttpError(404, `no session ${ctx.params.id as string} in the audit trail`);
      return { json: events };
    },
    auth,
  );
}
