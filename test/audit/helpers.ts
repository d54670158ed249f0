import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { AuditEvent, AuditEventInput } from '../../src/core/audit-event.js';
import type { AuditTrail } from '../../src/audit/open-audit.js';

export function tempDir(prefix = 'airlock-audit-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Superuser URL of a database on the shared test cluster. */
export function databaseUrl(database: string): string {
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

export function statement(i: number, extra: Record<string, unknown> = {}): AuditEventInput {
  return {
    type: 'statement',
    at: new Date(),
    sessionId: 'sess-1',
    identity: 'devin',
    connection: 'prod-db',
    protocol: 'postgres',
    data: { sql: `select ${i}`, verdict: 'allow', reasons: [], tag: 'SELECT 1', rows: 1, ...extra },
  };
}

export async function collect(trail: AuditTrail, opts?: { since?: Date; until?: Date }): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  for await (const e of trail.export(opts)) out.push(e);
  return out;
}
