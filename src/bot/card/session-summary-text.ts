import type { SessionSummary } from '../../core/session-summary.js';
import { humanDuration } from '../../util/human-duration.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "devin on prod-db (postgres) ended after 4m 10s: client disconnected": who, where, how long, why. Plain text. Pure. */
export function summaryHeadline(s: SessionSummary): string {
  return `${s.identity} on ${s.connection} (${s.protocol}) ended after ${humanDuration(s.endedAt.getTime() - s.startedAt.getTime())}: ${s.reason}`;
}

/**
 * "12 statements ran (3 approved, 1 modified); 1 denied; 0 expired; 2 refused; 5 masked fields (EMAIL 3,
 * public.users.ssn 2)". Plain text. Pure.
 */
export function summaryCounts({ counts: c, masked }: SessionSummary): string {
  const byType = Object.entries(masked).map(([k, n]) => `${k} ${n}`);
  return [
    `${plural(c.ran, 'statement')} ran (${c.approved} approved${c.modified ? `, ${c.modified} modified` : ''})`,
    `${c.denied} denied`,
    `${c.expired} expired`,
    `${c.refused} refused`,
    plural(c.maskedFields, 'masked field') + (byType.length ? ` (${byType.join(', ')})` : ''),
  ].join('; ');
}

/** "Riskiest: review — DELETE without WHERE on orders: DELETE FROM orders", or nothing for a session without statements. Plain text. Pure. */
export function summaryRiskiest({ riskiest: r }: SessionSummary): string | undefined {
  if (!r) return undefined;
  const why = r.reasons.length ? ` — ${r.reasons.join('; ')}` : '';
  return `Riskiest (${r.action}${why}): ${r.text}`;
}
