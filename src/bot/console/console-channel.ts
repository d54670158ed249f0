import type { Writable } from 'node:stream';
import { reviewerNames, type ApprovalNotification, type ApprovalRequest, type Notification, type NotificationChannel } from '../../core/approval.js';
import { digestText } from '../../audit/digest/digest-text.js';
import { summaryCounts, summaryHeadline, summaryRiskiest } from '../card/session-summary-text.js';

const MAX_COMMAND = 120;

/** The command on one line, shortened for a terminal. */
function oneLine(command: string): string {
  const flat = command.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_COMMAND ? `${flat.slice(0, MAX_COMMAND - 1)}…` : flat;
}

const clock = (d: Date) => `${d.toISOString().slice(11, 19)}Z`;
const who = (r: ApprovalRequest) => `${r.identity.name} on ${r.connection}`;

/** One human line per notification. Pure. */
export function consoleLine(n: Notification): string {
  if (n.kind === 'session-ended') {
    const riskiest = summaryRiskiest(n.summary);
    return `[airlock] session ${n.summary.sessionId}: ${summaryHeadline(n.summary)} — ${summaryCounts(n.summary)}${riskiest ? `\n  ${oneLine(riskiest)}` : ''}`;
  }
  if (n.kind === 'digest') return digestText(n.digest).trimEnd();
  return approvalLine(n);
}

function approvalLine({ kind, request: r }: ApprovalNotification): string {
  const c = r.closed;
  switch (kind) {
    case 'requested':
    case 'reminder': {
      const reasons = r.reasons.length ? ` (${r.reasons.join('; ')})` : '';
      const quorum = r.quorum > 1 ? ` — ${r.quorum} approvals needed` : '';
      const lead = kind === 'requested' ? 'approval needed' : 'reminder: still waiting';
      return `[airlock] ${lead} ${r.id} ${who(r)}: ${oneLine(r.command)}${reasons} — reviewers: ${reviewerNames(r).join(', ')}${quorum} — expires ${clock(r.expiresAt)}; approve: airlock review approve ${r.id}`;
    }
    case 'decided':
      if (c?.as === 'denied') return `[airlock] ${r.id} denied by ${c.by}: ${c.reason} (${who(r)})`;
      if (c?.as === 'modified') return `[airlock] ${r.id} modified by ${c.by}; runs instead: ${oneLine(c.command ?? '')} (${who(r)})`;
      return `[airlock] ${r.id} approved by ${r.approvals.join(', ')} (${who(r)})`;
    case 'expired':
      return `[airlock] ${r.id} expired without a decision (${who(r)})`;
    case 'cancelled':
      return `[airlock] ${r.id} cancelled: ${c?.reason ?? 'no reason given'} (${who(r)})`;
    case 'executed':
    case 'failed': {
      const detail = r.outcome?.detail ? `: ${r.outcome.detail}` : '';
      return `[airlock] ${r.id} ${kind}${detail} (${who(r)})`;
    }
  }
}

/** The review channel that is always available: lines on a stream (stdout by default). */
export class ConsoleChannel implements NotificationChannel {
  readonly name = 'console';

  constructor(private readonly out: Writable = process.stdout) {}

  deliver(notification: Notification): Promise<void> {
    return new Promise((resolve, reject) => this.out.write(`${consoleLine(notification)}\n`, (err) => (err ? reject(err) : resolve())));
  }
}
