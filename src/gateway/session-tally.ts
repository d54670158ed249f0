import type { RefusingState } from '../core/approval.js';
import type { Session } from '../core/session.js';
import type { SessionSummary } from '../core/session-summary.js';

export type SessionCounts = SessionSummary['counts'];

/** What one session's statements came to, counted as they finish; the same for every protocol. */
export class SessionTally {
  private readonly n: { -readonly [K in keyof SessionCounts]: number } = { ran: 0, approved: 0, denied: 0, expired: 0, refused: 0, maskedFields: 0 };

  /** A statement reached the upstream and completed; `approved` when it ran under a reviewer's approval. */
  ran(approved: boolean): void {
    this.n.ran++;
    if (approved) this.n.approved++;
  }

  /**
   * The agent got an error instead of running the statement. `closedAs` is set when a closed approval
   * request refused it; a cancelled request, like a policy refusal, is no reviewer's verdict.
   */
  refused(closedAs?: RefusingState): void {
    if (closedAs === 'denied') this.n.denied++;
    else if (closedAs === 'expired') this.n.expired++;
    else this.n.refused++;
  }

  /** Result values replaced by masking before the agent saw them. */
  masked(fields: number): void {
    if (!Number.isInteger(fields) || fields < 0) throw new RangeError(`masked field count must be a non-negative integer, got ${fields}`);
    this.n.maskedFields += fields;
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
    };
  }
}
