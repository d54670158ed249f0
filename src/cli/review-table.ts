import type { ReviewJson } from '../http/review-json.js';
import { humanDuration } from '../util/human-duration.js';
import { oneLine } from './one-line.js';

const HEADER: readonly string[] = ['ID', 'CONNECTION', 'IDENTITY', 'COMMAND', 'AGE', 'EXPIRES IN'];
const COMMAND = HEADER.indexOf('COMMAND');
const GAP = '  ';
/** The command column never shrinks below this, even in a narrow terminal: it is what reviewers read. */
const MIN_COMMAND = 20;

// By code point, as oneLine cuts.
const length = (s: string) => [...s].length;
const pad = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - length(s)));

/**
 * Pending requests as an aligned table, one line per request; the command column takes the room the
 * others leave within `width` and is cut to fit. Pure: `now` is the clock ages are measured against.
 */
export function reviewTable(reviews: readonly ReviewJson[], now: Date, width: number): string {
  const rows = reviews.map((r) => {
    const left = Date.parse(r.expiresAt) - now.getTime();
    const age = humanDuration(now.getTime() - Date.parse(r.createdAt));
    return [r.id, r.connection, r.identity, r.command, age, left > 0 ? humanDuration(left) : 'expired'].map((c) => oneLine(c, Infinity));
  });
  const natural = HEADER.map((h, i) => Math.max(length(h), ...rows.map((row) => length(row[i] ?? ''))));
  const others = natural.reduce((sum, w, i) => (i === COMMAND ? sum : sum + w + GAP.length), 0);
  const widths = natural.map((w, i) => (i === COMMAND ? Math.min(w, Math.max(MIN_COMMAND, width - others)) : w));
  return [HEADER, ...rows]
    .map((row) => row.map((cell, i) => pad(oneLine(cell, widths[i] ?? 0), widths[i] ?? 0)).join(GAP).trimEnd() + '\n')
    .join('');
}
