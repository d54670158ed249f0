import type { Detector, Finding } from './types.js';

const DIGITS_ONLY = /^\d+$/;

/** For the ReDoS lint, with the detectors' own. */
export const patterns: readonly RegExp[] = [DIGITS_ONLY];

/**
 * Keeps the findings that win their overlaps and returns them sorted by start. The longest span
 * wins; on equal length the earlier one in `ranked` (the caller's priority order) wins. Greedy in
 * that order over a map of the characters already taken, so the cost is linear in the total length
 * of the findings.
 */
export function resolveOverlaps(ranked: readonly Finding[]): Finding[] {
  if (ranked.length < 2) return [...ranked];
  const order = ranked.map((f, rank) => ({ f, rank }));
  order.sort((a, b) => b.f.end - b.f.start - (a.f.end - a.f.start) || a.rank - b.rank);
  let from = Infinity;
  let to = 0;
  for (const f of ranked) {
    from = Math.min(from, f.start);
    to = Math.max(to, f.end);
  }
  const taken = new Uint8Array(to - from);
  const kept: Finding[] = [];
  for (const { f } of order) {
    const span = taken.subarray(f.start - from, f.end - from);
    if (span.includes(1)) continue;
    span.fill(1);
    kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Every sensitive span the detectors find in `text`, non-overlapping and sorted. Ties between
 * detectors go to the one listed first. The gateway calls this on every result value, so values
 * that cannot hold anything (very short, or a short number) return before any detector runs.
 */
export function findAll(text: string, detectors: readonly Detector[]): Finding[] {
  if (text.length < 5 || (text.length < 7 && DIGITS_ONLY.test(text))) return [];
  const ranked: Finding[] = [];
  for (const detector of detectors) {
    for (const f of detector.find(text)) ranked.push(f);
  }
  return resolveOverlaps(ranked);
}
