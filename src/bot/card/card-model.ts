import { reviewerNames, type ApprovalRequest, type ApprovalState } from '../../core/approval.js';

/**
 * What an approval card says, decided once for every chat renderer (Slack now, Teams later). All text
 * here is plain and unescaped — much of it comes from the agent — and times stay Dates: each renderer
 * escapes and localises for its own surface. Pure.
 */

export type CardAction = 'approve' | 'deny' | 'modify' | 'view-full-statement';

export interface CardFact {
  readonly label: string;
  readonly value: string | Date;
}

export interface CardState {
  readonly kind: ApprovalState;
  /** "Approved by alice, bob", "Denied by bob"… */
  readonly summary: string;
  /** When the summary happened (decision, expiry, outcome); absent while pending. */
  readonly at?: Date;
  /** Labelled free text: the deny, modify or cancel reason, or the outcome's detail. */
  readonly note?: string;
  /** The reviewer's replacement statement, for modified requests (and their outcomes). */
  readonly replacement?: string;
}

export interface CardModel {
  readonly requestId: string;
  readonly title: string;
  readonly facts: readonly CardFact[];
  /** The full command as the agent sent it; renderers shorten it to fit. */
  readonly statement: string;
  readonly state: CardState;
  /** Only while pending. `view-full-statement` is for renderers that had to shorten the statement. */
  readonly actions: readonly CardAction[];
  /** Thread reply while pending: who is still needed and how long is left. */
  readonly reminderText?: string;
  /** Thread reply once expired, to raise `oncall`. */
  readonly expiredAlertText?: string;
  /** Operator-configured mention (e.g. a Slack user group) for the expired alert; trusted, not agent text. */
  readonly oncall?: string;
  /** Thread reply once the request left pending. */
  readonly outcomeThreadText?: string;
  /**
   * Thread reply for the decision itself (approved, modified, denied), even when the snapshot at hand
   * already shows what followed: notifications are raised fast and may be read after the outcome.
   */
  readonly decisionThreadText?: string;
  /** While pending, for statements that destroy data wholesale: what an approver must confirm first. */
  readonly approveConfirm?: string;
}

const TITLE_LEAD: Record<ApprovalState, string> = {
  pending: 'Approval needed',
  approved: 'Approved',
  modified: 'Modified',
  denied: 'Denied',
  expired: 'Expired',
  cancelled: 'Cancelled',
  executed: 'Executed',
  failed: 'Failed',
};

/** Statement verbs the SQL policy starts its reasons with ("DELETE without WHERE on …", "DROP TABLE …"). */
const SQL_VERB = /^(SELECT|INSERT|UPDATE|DELETE|MERGE|TRUNCATE|DROP|ALTER|CREATE|GRANT|REVOKE|COPY|CALL|DO|VACUUM|REINDEX|CLUSTER|LOCK|COMMENT)\b/;
/** Leading whitespace and SQL comments, so `-- why\nDELETE …` reads as a DELETE. */
const LEADING_NOISE = /^(?:\s+|--[^\n]*|\/\*[\s\S]*?\*\/)*/;
const MAX_KIND = 32;
/** Reasons for which one mistaken tap loses a table's data: approving them asks "are you sure?". */
const DESTRUCTIVE = /\bwithout WHERE\b|^(TRUNCATE|DROP)\b/;
const TITLE_TABLES = 2;

/** The statement's kind: a verb from the policy's reasons, else the command's first word (never markup). */
function kindOf(r: ApprovalRequest): string {
  for (const reason of r.reasons) {
    const verb = SQL_VERB.exec(reason)?.[0];
    if (verb) return verb;
  }
  const word = /^[A-Za-z][\w-]*/.exec(r.command.replace(LEADING_NOISE, ''))?.[0].slice(0, MAX_KIND) ?? 'command';
  return r.protocol === 'postgres' ? word.toUpperCase() : word;
}

function titleOf(r: ApprovalRequest): string {
  const shown = r.tables.slice(0, TITLE_TABLES).join(', ');
  const more = r.tables.length > TITLE_TABLES ? ` +${r.tables.length - TITLE_TABLES} more` : '';
  const target = shown ? ` ${shown}${more}` : '';
  return `${TITLE_LEAD[r.state]}: ${kindOf(r)}${target} on ${r.connection}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function factsOf(r: ApprovalRequest): CardFact[] {
  const groups = r.identity.groups.length ? ` (${r.identity.groups.join(', ')})` : '';
  const facts: CardFact[] = [
    { label: 'Agent', value: `${r.identity.name}${groups}` },
    { label: 'Connection', value: `${r.connection} (${r.protocol}) via ${r.gateway}` },
    { label: 'Risk', value: r.reasons.length ? r.reasons.map((x) => `• ${x}`).join('\n') : 'no reason recorded' },
    { label: 'Impact', value: r.impact ?? 'impact unknown: no preview for this statement' },
  ];
  if (r.state === 'pending') facts.push({ label: 'Expires', value: r.expiresAt });
  if (r.quorum > 1) {
    const who = r.approvals.length ? ` (${r.approvals.join(', ')})` : '';
    facts.push({ label: 'Approvals', value: `${r.approvals.length} of ${plural(r.quorum, 'approval')}${who}` });
  }
  facts.push({ label: 'Reviewers', value: reviewerNames(r).join(', ') || 'none configured' }, { label: 'Request', value: r.id });
  return facts;
}

/** "Approved by alice, bob" or "Modified by carol": the decision an outcome follows. */
function decisionOf(r: ApprovalRequest): string {
  const c = r.closed;
  if (c?.as === 'modified') return `Modified by ${c.by ?? 'a reviewer'}`;
  return `Approved by ${r.approvals.join(', ') || c?.by || 'a reviewer'}`;
}

function stateOf(r: ApprovalRequest): CardState {
  const c = r.closed;
  const reason = (text: string | undefined) => (text ? { note: `Reason: ${text}` } : {});
  const replacement = c?.as === 'modified' && c.command !== undefined ? { replacement: c.command } : {};
  switch (r.state) {
    case 'pending': {
      const missing = r.quorum - r.approvals.length;
      return { kind: 'pending', summary: r.quorum > 1 ? `Waiting for ${plural(missing, 'more approval')}` : 'Waiting for approval' };
    }
    case 'approved':
    case 'modified':
      return { kind: r.state, summary: decisionOf(r), ...(c && { at: c.at }), ...reason(c?.reason), ...replacement };
    case 'denied':
      return { kind: 'denied', summary: `Denied by ${c?.by ?? 'a reviewer'}`, ...(c && { at: c.at }), ...reason(c?.reason) };
    case 'expired':
      return { kind: 'expired', summary: 'Expired without a decision', ...(c && { at: c.at }) };
    case 'cancelled':
      return { kind: 'cancelled', summary: 'Cancelled', ...(c && { at: c.at }), ...reason(c?.reason) };
    case 'executed':
    case 'failed': {
      const o = r.outcome;
      const detail = o?.detail ? { note: `${r.state === 'failed' ? 'Error' : 'Result'}: ${o.detail}` } : {};
      return { kind: r.state, summary: `${decisionOf(r)}, then ${r.state === 'failed' ? 'it failed' : 'it ran'}`, ...(o && { at: o.at }), ...detail, ...replacement };
    }
  }
}

/** "4 min", "45 s": reminders are plain text, so they say how long is left rather than a clock time. */
function remaining(now: Date, until: Date): string {
  const s = Math.max(0, Math.round((until.getTime() - now.getTime()) / 1000));
  return s < 60 ? `${s} s` : `${Math.round(s / 60)} min`;
}

const threadText = (s: CardState) => (s.note ? `${s.summary}. ${s.note}` : `${s.summary}.`);

/** The decision that closed the request, told as it was when made (without the outcome that followed). */
function decisionText(r: ApprovalRequest): string | undefined {
  const as = r.closed?.as;
  if (as !== 'approved' && as !== 'modified' && as !== 'denied') return undefined;
  const { outcome: _outcome, ...decided } = r;
  return threadText(stateOf({ ...decided, state: as }));
}

export function cardModel(request: ApprovalRequest, opts: { readonly now: Date; readonly oncall?: string }): CardModel {
  const r = request;
  const state = stateOf(r);
  const who = `${r.identity.name} on ${r.connection}`;
  const pending = r.state === 'pending';
  const destructive = r.reasons.find((reason) => DESTRUCTIVE.test(reason));
  const decision = decisionText(r);
  return {
    requestId: r.id,
    title: titleOf(r),
    facts: factsOf(r),
    statement: r.command,
    state,
    actions: pending ? ['approve', 'deny', 'modify', 'view-full-statement'] : [],
    ...(pending && {
      reminderText: `Reminder: ${r.id} (${who}) is still waiting for ${plural(r.quorum - r.approvals.length, 'approval')} from ${reviewerNames(r).join(', ')}; it expires in ${remaining(opts.now, r.expiresAt)}.`,
    }),
    ...(r.state === 'expired' && {
      expiredAlertText: `${r.id} (${who}) expired without a decision; the agent's statement was refused.`,
      ...(opts.oncall !== undefined && { oncall: opts.oncall }),
    }),
    ...(!pending && { outcomeThreadText: threadText(state) }),
    ...(decision !== undefined && { decisionThreadText: decision }),
    ...(pending && destructive && { approveConfirm: `This runs ${destructive} for ${r.identity.name}.` }),
  };
}
