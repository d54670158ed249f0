import { fmt, table } from '../pgbench/report.js';
import { percentile } from '../pgbench/stats.js';
import type { DecisionResult } from './decision-phase.js';
import type { ExpiryResult } from './expiry-phase.js';
import type { ApprovalBenchOptions } from './options.js';

export const AIMS = { rssBytes: 500 * 1024 * 1024, latenessMs: 1000, decisionP99Ms: 50 } as const;

const mb = (bytes: number): string => `${fmt(bytes / 1024 / 1024)} MB`;
const ms = (n: number): string => `${fmt(n, 1)} ms`;
const spread = (values: readonly number[]): string => [50, 99].map((p) => ms(percentile(values, p))).join(' / ');
const verdict = (met: boolean): string => (met ? 'met' : 'NOT MET');

/** The figures next to the aims, one verdict per aim; informational rows have none. */
export function formatApprovalsReport(o: ApprovalBenchOptions, idleRss: number, expiry: ExpiryResult, decision: DecisionResult): string {
  const late = expiry.latenessMs;
  const lateMax = Math.max(...late);
  const rows = [
    ['figure', 'measured', 'aim', 'verdict'],
    [`gateway RSS, peak while ${expiry.heldAtOnce} held`, mb(expiry.memory.gatewayRss), `< ${mb(AIMS.rssBytes)}`, verdict(expiry.memory.gatewayRss < AIMS.rssBytes)],
    ['gateway RSS, idle before', mb(idleRss), '', ''],
    ['Redis used_memory, peak', mb(expiry.memory.redisUsed), '', ''],
    ['expiry lateness p50 / p99', spread(late), '', ''],
    ['expiry lateness max', ms(lateMax), `<= ${ms(AIMS.latenessMs)}`, verdict(late.length > 0 && lateMax <= AIMS.latenessMs)],
    ['decision->execution p50 / p99, from 200', spread(decision.afterReplyMs), `p99 < ${ms(AIMS.decisionP99Ms)}`, verdict(percentile(decision.afterReplyMs, 99) < AIMS.decisionP99Ms)],
    ['decision->execution p50 / p99, from send', spread(decision.afterSendMs), `p99 < ${ms(AIMS.decisionP99Ms)}`, verdict(percentile(decision.afterSendMs, 99) < AIMS.decisionP99Ms)],
    ['approve POST round trip p50 / p99', spread(decision.postMs), '', ''],
    ['gateway RSS / Redis peak, decision phase', `${mb(decision.memory.gatewayRss)} / ${mb(decision.memory.redisUsed)}`, '', ''],
  ];
  const others = Object.entries(expiry.otherOutcomes).map(([code, n]) => `${n} x ${code}`);
  return [
    `approvals: ${expiry.sessions} sessions, timeout ${fmt(o.timeoutMs / 1000, 1)} s (opened in ${fmt(expiry.openMs / 1000, 1)} s, ` +
      `statements parked in ${fmt(expiry.intakeMs / 1000, 1)} s, ${expiry.heldAtOnce} held at once); ` +
      `${decision.approved} approved by ${o.reviewers} concurrent reviewers at ${fmt(decision.approvalsPerSecond)}/s`,
    `deadlines: ${expiry.deadlinesFromApi} from GET /api/reviews, ${expiry.sessions - expiry.deadlinesFromApi} from the NOTICE, ${expiry.deadlineMismatches} disagreeing`,
    ...(others.length ? [`expiry phase: statements not refused with 57014: ${others.join(', ')}`] : []),
    ...(decision.failures ? [`decision phase: ${decision.failures} statements did not come back as DELETE 1`] : []),
    '',
    table(rows),
  ].join('\n');
}
