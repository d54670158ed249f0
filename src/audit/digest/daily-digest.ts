import type { AuditEvent } from '../../core/audit-event.js';
import type { ActivityRow, Digest, SlowReview } from '../../core/digest.js';
import type { VerifyResult } from '../verify.js';
import type { ZonedDay } from './zoned-day.js';

const SLOWEST = 3;
const TOP_REASONS = 5;
const DECIDED = new Set(['approved', 'modified', 'denied']);

type Counter = { sessions: number; statements: number; refused: number; held: number };
const counter = (): Counter => ({ sessions: 0, statements: 0, refused: 0, held: 0 });

class Tally {
  private readonly rows = new Map<string, Counter>();
  at(name: string | null): Counter {
    const key = name ?? '(unknown)';
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = counter()));
    return row;
  }
  /** Busiest first, then by name. */
  list(): ActivityRow[] {
    return [...this.rows].map(([name, c]) => ({ name, ...c })).sort((a, b) => b.statements + b.refused - (a.statements + a.refused) || a.name.localeCompare(b.name));
  }
}

/** The value at quantile q of sorted numbers (nearest rank). */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? null;
}

interface RequestLife {
  createdAt?: number;
  connection: string;
  requester: string;
  closed?: { as: string; at: number; by: string | null };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The digest of `events` (those of `day`, in any order) and the chain check. Pure. */
export function buildDigest(events: Iterable<AuditEvent>, day: ZonedDay, chain: VerifyResult): Digest {
  const agents = new Tally();
  const connections = new Tally();
  const requests = new Map<string, RequestLife>();
  const reasons = new Map<string, number>();
  const masked: Record<string, number> = {};
  const totals = { sessions: 0, statements: 0, refused: 0, held: 0, approved: 0, modified: 0, denied: 0, expired: 0, cancelled: 0, masked: 0 };

  for (const e of events) {
    if (e.type === 'session.start') {
      totals.sessions++;
      agents.at(e.identity).sessions++;
      connections.at(e.connection).sessions++;
    } else if (e.type === 'statement') {
      const field = e.data.refused === true ? 'refused' : 'statements';
      totals[field]++;
      agents.at(e.identity)[field]++;
      connections.at(e.connection)[field]++;
      for (const [label, n] of Object.entries((e.data.masked as Record<string, number> | undefined) ?? {})) {
        masked[label] = (masked[label] ?? 0) + n;
        totals.masked += n;
      }
    } else if (e.type === 'approval') {
      const id = text(e.data.id);
      const to = text(e.data.to);
      if (!id || !to) continue;
      const life = requests.get(id) ?? { connection: e.connection ?? '(unknown)', requester: text(e.data.requester) ?? '(unknown)' };
      requests.set(id, life);
      if (e.data.from === null && to === 'pending') {
        life.createdAt = e.at.getTime();
        totals.held++;
        agents.at(life.requester).held++;
        connections.at(life.connection).held++;
        for (const reason of (e.data.reasons as string[] | undefined) ?? []) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      } else if (e.data.from === 'pending' && to !== 'pending') {
        life.closed = { as: to, at: e.at.getTime(), by: DECIDED.has(to) ? e.identity : null };
        if (to in totals) totals[to as 'approved' | 'modified' | 'denied' | 'expired' | 'cancelled']++;
      }
    }
  }

  const reviewed = [...requests]
    .filter(([, r]) => r.createdAt !== undefined && r.closed && DECIDED.has(r.closed.as))
    .map(([id, r]): SlowReview => ({ id, connection: r.connection, requester: r.requester, outcome: r.closed!.as, by: r.closed!.by, waitedMs: r.closed!.at - r.createdAt! }));
  const waits = reviewed.map((r) => r.waitedMs).sort((a, b) => a - b);
  return {
    day: { date: day.date, timeZone: day.timeZone, start: day.start.toISOString(), end: day.end.toISOString() },
    totals,
    agents: agents.list(),
    connections: connections.list(),
    decisionTime: { decided: waits.length, medianMs: quantile(waits, 0.5), p90Ms: quantile(waits, 0.9) },
    slowest: reviewed.sort((a, b) => b.waitedMs - a.waitedMs).slice(0, SLOWEST),
    topReasons: [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)).slice(0, TOP_REASONS),
    masked,
    chain,
  };
}
