import type { AuditEvent } from '../../core/audit-event.js';
import { humanDuration } from '../../util/human-duration.js';

/** One line of a replayed session, at its offset from the session's first event. */
export interface ReplayLine {
  readonly offsetMs: number;
  readonly text: string;
}

type Data = Readonly<Record<string, unknown>>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const obj = (v: unknown): Data | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Data) : undefined);

function statementLine(d: Data): string {
  const text = str(d.text);
  if (d.refused === true) return `✗ ${text}  — refused: ${str(obj(d.error)?.message)}`;
  const tags = list(d.tags).join(', ') || 'ok';
  const error = obj(d.error);
  const approval = obj(d.approval);
  const masked = obj(d.masked);
  const parts = [
    error ? `error: ${str(error.message)}` : tags,
    typeof d.durationMs === 'number' ? `${d.durationMs} ms` : '',
    approval ? `${str(approval.decision)} by ${list(approval.by).join(', ') || 'a reviewer'} (${str(approval.id)})` : '',
    masked ? `masked ${Object.entries(masked).map(([k, n]) => `${k} ${String(n)}`).join(', ')}` : '',
    d.withheld !== undefined ? `withheld: ${str(d.withheld)}` : '',
  ].filter(Boolean);
  return `${text}  → ${parts.join(' · ')}`;
}

/** Recorded result sets the way `psql -A` prints them: header, rows, and the row count. */
function resultLines(d: Data): string[] {
  const results = Array.isArray(d.results) ? d.results.map(obj).filter((r): r is Data => r !== undefined) : [];
  return results.flatMap((r) => {
    const rows = Array.isArray(r.rows) ? (r.rows as unknown[]).filter(Array.isArray) : [];
    const total = typeof r.total === 'number' ? r.total : rows.length;
    return [
      list(r.columns).join('|'),
      ...rows.map((row) => (row as unknown[]).map((v) => (typeof v === 'string' ? v : '')).join('|')),
      ...(r.truncated === true ? [`… ${total - rows.length} more not recorded`] : []),
      `(${total} row${total === 1 ? '' : 's'})`,
    ];
  });
}

function approvalLine(e: AuditEvent): string | undefined {
  const d = e.data;
  const id = str(d.id);
  const to = str(d.to);
  const why = d.reason !== undefined ? `: ${str(d.reason)}` : '';
  switch (to) {
    case 'pending':
      return d.from === null ? `⏸ held as ${id}: ${list(d.reasons).join('; ') || 'needs review'}` : `  ${id}: one approval from ${e.identity ?? 'a reviewer'}, more needed`;
    case 'approved':
      return `  ${id} approved by ${e.identity ?? 'a reviewer'}`;
    case 'modified':
      return `  ${id} modified by ${e.identity ?? 'a reviewer'}${why}; runs instead: ${str(obj(d.command)?.after)}`;
    case 'denied':
      return `  ${id} denied by ${e.identity ?? 'a reviewer'}${why}`;
    case 'expired':
      return `  ${id} expired without a decision`;
    case 'cancelled':
      return `  ${id} cancelled${why}`;
    default:
      return undefined; // executed / failed: the statement's own line says how it ran
  }
}

function lines(e: AuditEvent): string[] {
  switch (e.type) {
    case 'session.start':
      return [`session ${e.sessionId ?? ''} — ${e.identity ?? '?'} on ${e.connection ?? '?'} (${e.protocol ?? '?'}) from ${str(obj(e.data.client)?.address)}`];
    case 'statement':
      return [statementLine(e.data), ...resultLines(e.data)];
    case 'approval':
      return [approvalLine(e)].filter((l): l is string => l !== undefined);
    case 'session.end':
      return [`session ended: ${str(e.data.reason)}${typeof e.data.durationMs === 'number' ? ` after ${humanDuration(e.data.durationMs)}` : ''}`];
    default:
      return [];
  }
}

/** A session's events as the lines a replay prints, with their original timing. Pure. */
export function replayLines(events: readonly AuditEvent[]): ReplayLine[] {
  const first = events[0]?.at.getTime() ?? 0;
  return events.flatMap((e) => lines(e).map((text) => ({ offsetMs: e.at.getTime() - first, text })));
}
