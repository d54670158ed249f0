import type { AuditEventInput, AuditEventType } from '../../src/core/audit-event.js';
import type { AuditTrail } from '../../src/audit/open-audit.js';
import { adminQuery } from '../support/databases.js';

const DAY = 86_400_000;
export const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY);

function event(type: AuditEventType, days: number, sessionId: string | null, data: Record<string, unknown> = {}): AuditEventInput {
  return { type, at: daysAgo(days), sessionId, identity: 'devin', connection: 'prod-db', protocol: 'postgres', data };
}
const stmt = (days: number, sessionId: string, text: string) => event('statement', days, sessionId, { text, tags: ['SELECT 1'] });

/**
 * Ten events on one chain, recorded in this order (seq 1-10). With a 90-day cutoff only session A
 * (seq 1-3) may go: session B started before the cutoff but ran until yesterday, so it stays whole,
 * and so does everything after its start in the chain.
 */
export async function recordHistory(trail: AuditTrail, prefix = ''): Promise<void> {
  const [a, b, c] = ['A', 'B', 'C'].map((s) => prefix + s) as [string, string, string];
  const events = [
    event('session.start', 100, a, { client: { address: '10.0.0.1' } }),
    stmt(100, a, 'SELECT 1'),
    event('session.end', 99, a, { reason: 'client disconnected' }),
    event('session.start', 95, b, { client: { address: '10.0.0.2' } }),
    stmt(95, b, 'SELECT 2'),
    event('auth.failed', 94, null, { reason: 'bad token' }),
    stmt(1, b, 'SELECT 3'),
    event('session.end', 1, b, { reason: 'client disconnected' }),
    event('session.start', 0, c, { client: { address: '10.0.0.3' } }),
    stmt(0, c, 'SELECT 4'),
  ];
  for (const e of events) await trail.record(e);
}

export async function storedSeqs(db: string, chain: string): Promise<number[]> {
  const rows = await adminQuery<{ seq: string }>(db, 'SELECT seq FROM audit_events WHERE chain = $1 ORDER BY seq', [chain]);
  return rows.map((r) => Number(r.seq));
}

/** Runs `sql` as a database superuser would, past the append-only triggers. */
export async function tamper(db: string, sql: string): Promise<void> {
  await adminQuery(db, 'ALTER TABLE audit_events DISABLE TRIGGER USER');
  await adminQuery(db, 'ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
  await adminQuery(db, sql);
}
