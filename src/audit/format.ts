import type { AuditEvent } from '../core/audit-event.js';

const COLUMNS = ['at', 'chain', 'seq', 'type', 'sessionId', 'identity', 'connection', 'protocol', 'data', 'prevHash', 'hash'] as const;

/** One event as a single JSON line (no trailing newline); `at` as an ISO string. */
export function formatJsonl(e: AuditEvent): string {
  return JSON.stringify(row(e));
}

export function csvHeader(): string {
  return COLUMNS.join(',');
}

/** One RFC 4180 row (no trailing newline); `data` as a JSON column. */
export function formatCsvRow(e: AuditEvent): string {
  const r = row(e);
  return COLUMNS.map((c) => csvField(c === 'data' ? JSON.stringify(r.data) : r[c])).join(',');
}

function row(e: AuditEvent) {
  return {
    at: e.at.toISOString(),
    chain: e.chain,
    seq: e.seq,
    type: e.type,
    sessionId: e.sessionId,
    identity: e.identity,
    connection: e.connection,
    protocol: e.protocol,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
  };
}

function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
