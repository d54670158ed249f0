import { fmt, table } from '../pgbench/report.js';
import type { QualityScore } from './score.js';

/** Recall aims per label (phone numbers come in too many national formats for more), and the ceiling on changed texts. */
export const AIMS = { recall: 0.95, phoneRecall: 0.85, changedWithoutCause: 0.02 } as const;

const ratio = (n: number, of: number): string => (of === 0 ? '-' : fmt(n / of, 3));
const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');

export function formatQualityReport(name: string, s: QualityScore): string {
  const rows = [['entity type', 'label', 'spans', 'found', 'recall', 'findings', 'precision', 'recall aim', 'verdict']];
  for (const t of s.types) {
    const aim = t.label === 'PHONE' ? AIMS.phoneRecall : AIMS.recall;
    rows.push([
      t.entityType,
      t.label,
      String(t.spans),
      String(t.found),
      ratio(t.found, t.spans),
      String(t.findings),
      ratio(t.truePositives, t.findings),
      `>= ${aim}`,
      t.spans === 0 ? '-' : verdict(t.found / t.spans >= aim),
    ]);
  }
  const changed = s.textsWithoutCause === 0 ? 0 : s.changedWithoutCause / s.textsWithoutCause;
  const list = (m: Map<string, number>): string => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  return [
    `${name}: ${s.texts} texts, findAll over ${fmt(s.chars / 1024)} KiB in ${fmt(s.elapsedMs)} ms (${fmt(s.chars / 1024 / 1024 / (s.elapsedMs / 1000), 1)} MiB/s)`,
    '',
    table(rows),
    '',
    `changed without cause: ${s.changedWithoutCause} of ${s.textsWithoutCause} texts with no structured entity = ${fmt(changed * 100, 2)}% ` +
      `(aim <= ${AIMS.changedWithoutCause * 100}%): ${verdict(changed <= AIMS.changedWithoutCause)}`,
    `other findings (secrets): ${list(s.otherFindings)}`,
    `not covered (free text, no detector): ${list(s.notCovered)}`,
  ].join('\n');
}
