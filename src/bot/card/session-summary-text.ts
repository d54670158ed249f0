import type { SessionSummary } from '../../core/session-summary.js';
import { humanDuration } from '../../util/human-duration.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "devin on prod-db (postgres) ended after 4m 10s: client disconnected": who, where, how long, why. Plain text. Pure. */
export function summaryHeadline(s: SessionSummary): string {
  return `${s.identity} on ${s.connection} (${s.protocol}) ended after ${humanDuration(s.endedAt.getTime() - s.startedAt.getTime())}: ${s.reason}`;
}

/** "12 statements ran (3 approved); 1 denied; 0 expired; 2 refused; 0 masked fields". Plain text. Pure. */
export function summaryCounts({ counts: c }: SessionSummary): string {
  return [
    `${plural(c.ran, 'statement')} ran (${c.approved} approved)`,
    `${c.denied} denied`,
    `${c.expired} expired`,
    `${c.refused} refused`,
    plural(c.maskedFields, 'masked field'),
  ].join('; ');
}
