import { HttpError } from './http-error.js';

export type ExportFormat = 'jsonl' | 'csv';

export interface AuditExportQuery {
  readonly since?: Date;
  readonly until?: Date;
  readonly format: ExportFormat;
}

// A date, optionally with a time and zone; `new Date()` alone would also accept "March 3" or "1".
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Query parameter `name` as a date; 400 when it is not ISO 8601. */
export function isoDate(query: URLSearchParams, name: string): Date | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const date = ISO.test(raw) ? new Date(raw) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new HttpError(400, `${name} must be an ISO 8601 date or date-time such as 2024-05-01T12:00:00Z, got "${raw}"`);
  }
  return date;
}

/** Validates `since`, `until` and `format` of an audit export request. */
export function parseAuditExportQuery(query: URLSearchParams): AuditExportQuery {
  const since = isoDate(query, 'since');
  const until = isoDate(query, 'until');
  if (since && until && since > until) throw new HttpError(400, 'since must not be after until');
  const format = query.get('format') ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new HttpError(400, `format must be jsonl or csv, got "${format}"`);
  return { since, until, format };
}
