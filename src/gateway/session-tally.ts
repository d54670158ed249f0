import type { RefusingState } from '../core/approval.js';
import type { Session } from '../core/session.js';
import type { RiskiestStatement, SessionSummary } from '../core/session-summary.js';
import type { Verdict } from '../core/verdict.js';
import { clip } from '../util/clip.js';

export type SessionCounts = SessionSummary['counts'];

/** A statement as the tally sees it: its text and how policy judged it. */
export interface Judgement {
  readonly text: string;
  readonly verdict: Pick<Verdict, 'action' | 'reasons'>;
}

/** How a statement that ran got past review, if it needed to. */
export type RanUnder = 'approved' | 'modified' | 'covered' | undefined;

const SEVERITY: Record<Verdict['action'], number> = { allow: 0, review: 1, deny: 2 };
/** The summary goes to chat; a statement longer than this is cut there (the audit trail has it whole). */
const MAX_RISKIEST_TEXT = 1_000;

/** What one session's statements came to, counted as they finish; the same for every protocol. */
export class SessionTally {
  private readonly n: { -readonly [K in keyof SessionCounts]: number } = { ran: 0, approved: 0, modified: 0, denied: 0, expired: 0, refused: 0, maskedFields: 0 };
  private readonly maskedBy = new Map<string, number>();
  private riskiest: RiskiestStatement | undefined;

  /** A statement reached the upstream and completed; `under` says which reviewer decision let it run. */
  ran(under: RanUnder, judged: Judgement): void {
    this.n.ran++;
    if (under !== undefined) this.n.approved++;
    if (under === 'modified') this.n.modified++;
    this.weigh(judged);
  }

  /**
   * The agent got an error instead of running the statement. `closedAs` is set when a closed approval
   * request refused it; a cancelled request, like a policy refusal, is no reviewer's verdict.
   */
  refused(closedAs: RefusingState | undefined, judged: Judgement): void {
    if (closedAs === 'denied') this.n.denied++;
    else if (closedAs === 'expired') this.n.expired++;
    else this.n.refused++;
    this.weigh(judged);
  }

  /** Result values replaced by masking before the agent saw them, by detector label or column. */
  masked(byKey: Readonly<Record<string, number>>): void {
    for (const [key, n] of Object.entries(byKey)) {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`masked count for ${key} must be a non-negative integer, got ${n}`);
    }
    for (const [key, n] of Object.entries(byKey)) {
      this.maskedBy.set(key, (this.maskedBy.get(key) ?? 0) + n);
      this.n.maskedFields += n;
    }
  }

  get counts(): SessionCounts {
    return { ...this.n };
  }

  summary(session: Session, endedAt: Date, reason: string): SessionSummary {
    return {
      sessionId: session.id,
      identity: session.identity.name,
      connection: session.connection,
      protocol: session.protocol,
      gateway: session.gateway,
      startedAt: session.startedAt,
      endedAt,
      reason,
      counts: this.counts,
      masked: Object.fromEntries(this.maskedBy),
      ...(this.riskiest && { riskiest: this.riskiest }),
    };
  }

  private weigh({ text, verdict }: Judgement): void {
    if (this.riskiest && SEVERITY[verdict.action] <= SEVERITY[this.riskiest.action]) return;
    this.riskiest = { text: clip(text, MAX_RISKIEST_TEXT + 1 /* the ellipsis */), action: verdict.action, reasons: [...verdict.reasons] };
  }
}
