import type { Protocol } from './session.js';
import type { Verdict } from './verdict.js';

/** The statement of a session that policy judged most severely (deny over review over allow; the first of equals). */
export interface RiskiestStatement {
  readonly text: string;
  readonly action: Verdict['action'];
  readonly reasons: readonly string[];
}

/** What one agent session did, told to the audit channel when it ends. Counts are of statements. */
export interface SessionSummary {
  readonly sessionId: string;
  readonly identity: string;
  readonly connection: string;
  readonly protocol: Protocol;
  /** The gateway instance that held the session. */
  readonly gateway: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  /** Why the session ended: "client disconnected", "gateway shutting down", … */
  readonly reason: string;
  readonly counts: {
    /** Statements that reached the upstream and completed (with or without an approval). */
    readonly ran: number;
    /** Of those, how many ran under a reviewer's approval (including modified and session-covered ones). */
    readonly approved: number;
    /** Of the approved, how many ran as a reviewer rewrote them. */
    readonly modified: number;
    /** Refused because a reviewer denied them. */
    readonly denied: number;
    /** Refused because no reviewer decided in time. */
    readonly expired: number;
    /** Refused by policy outright, or because approvals were unavailable or the request was cancelled. */
    readonly refused: number;
    /** Result values replaced by masking before the agent saw them. */
    readonly maskedFields: number;
  };
  /** The masked values by detector label or column (`EMAIL`, `public.users.ssn`); never a value. */
  readonly masked: Readonly<Record<string, number>>;
  /** Absent when the session sent no statement. */
  readonly riskiest?: RiskiestStatement;
}
