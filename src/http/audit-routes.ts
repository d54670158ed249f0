import type { AuditEvent } from '../core/audit-event.js';
import { csvHeader, formatCsvRow, formatJsonl } from '../audit/format.js';
import type { AuditTrail } from '../audit/open-audit.js';
import { dayDigest } from '../audit/digest/day-digest.js';
import { previousDay, zonedDay, type ZonedDay } from '../audit/digest/zoned-day.js';
import { parseAuditExportQuery, type ExportFormat } from './audit-query.js';
import { HttpError } from './http-error.js';
import type { HttpServer } from './http-server.js';

/** The part of the audit trail the HTTP API reads. */
export type AuditReader = Pick<AuditTrail, 'export' | 'verify'>;

const CONTENT_TYPE: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

async function* lines(events: AsyncIterable<AuditEvent>, format: ExportFormat): AsyncIterable<string> {
  if (format === 'csv') yield csvHeader() + '\n';
  const formatRow = format === 'csv' ? formatCsvRow : formatJsonl;
  for await (const e of events) yield formatRow(e) + '\n';
}

/** Export and verification of the audit trail, for identities in `readers` only. */
export function registerAuditRoutes(server: HttpServer, audit: AuditReader, readers: readonly string[]): void {
  const auth = { auth: { groups: readers } };
  server.route(
    'GET',
    '/api/audit/events',
    (ctx) => {
      const { since, until, format } = parseAuditExportQuery(ctx.query);
      return { stream: lines(audit.export({ since, until }), format), contentType: CONTENT_TYPE[format] };
    },
    auth,
  );
  server.route('GET', '/api/audit/verify', async () => ({ json: await audit.verify() }), auth);
  server.route('GET', '/api/audit/digest', async (ctx) => ({ json: await dayDigest(audit, digestDay(ctx.query, new Date())) }), auth);
}

/** `date` (default: yesterday) and `tz` (an IANA zone, default UTC) of a digest request. */
export function digestDay(query: URLSearchParams, now: Date): ZonedDay {
  const timeZone = query.get('tz') ?? 'UTC';
  const date = query.get('date');
  try {
    return date === null ? previousDay(now, timeZone) : zonedDay(date, timeZone);
  } catch (err) {
    throw new HttpError(400, err instanceof RangeError && /zone/i.test(err.message) ? `tz: unknown time zone "${timeZone}"` : `date: "${date}" is not a date (expected YYYY-MM-DD)`);
  }
}
