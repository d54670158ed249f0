import { humanDuration } from '../../util/human-duration.js';
import type { ActivityRow, Digest } from '../../core/digest.js';

const wait = (ms: number | null) => (ms === null ? '–' : humanDuration(ms));

function rows(title: string, list: readonly ActivityRow[]): string[] {
  if (list.length === 0) return [];
  const width = Math.max(...list.map((r) => r.name.length), title.length);
  return [
    `${title.padEnd(width)}  sessions  ran  refused  held`,
    ...list.map((r) => `${r.name.padEnd(width)}  ${String(r.sessions).padStart(8)}  ${String(r.statements).padStart(3)}  ${String(r.refused).padStart(7)}  ${String(r.held).padStart(4)}`),
  ];
}

/** The digest as plain text, for the terminal and the console channel. Pure. */
export function digestText(d: Digest): string {
  const t = d.totals;
  const lines = [
    `Airlock digest for ${d.day.date} (${d.day.timeZone})`,
    '',
    `${t.sessions} sessions, ${t.statements} statements ran, ${t.refused} refused, ${t.held} held for review`,
    `reviews: ${t.approved} approved, ${t.modified} modified, ${t.denied} denied, ${t.expired} expired, ${t.cancelled} cancelled`,
    `time to decision: median ${wait(d.decisionTime.medianMs)}, p90 ${wait(d.decisionTime.p90Ms)} (${d.decisionTime.decided} decided)`,
    `masked values: ${t.masked}${t.masked ? ` (${Object.entries(d.masked).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
    `audit chain: ${d.chain.ok ? `intact (${d.chain.count} events)` : `BROKEN at ${d.chain.broken.chain} seq ${d.chain.broken.seq}: ${d.chain.broken.reason}`}`,
  ];
  const agents = rows('agent', d.agents);
  const connections = rows('connection', d.connections);
  if (agents.length) lines.push('', ...agents);
  if (connections.length) lines.push('', ...connections);
  if (d.slowest.length) lines.push('', 'slowest reviews:', ...d.slowest.map((s) => `  ${s.id} ${s.requester} on ${s.connection}: ${s.outcome} by ${s.by ?? '–'} after ${wait(s.waitedMs)}`));
  if (d.topReasons.length) lines.push('', 'top reasons for review:', ...d.topReasons.map((r) => `  ${r.count} × ${r.reason}`));
  return lines.join('\n') + '\n';
}
