import type { VerifyResult } from './audit-event.js';

/** One agent's or connection's day. */
export interface ActivityRow {
  readonly name: string;
  readonly sessions: number;
  /** Statements that ran. */
  readonly statements: number;
  /** Statements refused (by policy, by a reviewer, or at the deadline). */
  readonly refused: number;
  /** Statements held for a reviewer. */
  readonly held: number;
}

export interface SlowReview {
  readonly id: string;
  readonly connection: string;
  readonly requester: string;
  readonly outcome: string;
  readonly by: string | null;
  readonly waitedMs: number;
}

/** What agents did on one day, for the managers who read it. Figures only: no statement text, no values. */
export interface Digest {
  readonly day: { readonly date: string; readonly timeZone: string; readonly start: string; readonly end: string };
  readonly totals: {
    readonly sessions: number;
    readonly statements: number;
    readonly refused: number;
    readonly held: number;
    readonly approved: number;
    readonly modified: number;
    readonly denied: number;
    readonly expired: number;
    readonly cancelled: number;
    readonly masked: number;
  };
  readonly agents: readonly ActivityRow[];
  readonly connections: readonly ActivityRow[];
  /** From request to decision, for requests made and decided that day. */
  readonly decisionTime: { readonly decided: number; readonly medianMs: number | null; readonly p90Ms: number | null };
  readonly slowest: readonly SlowReview[];
  readonly topReasons: readonly { readonly reason: string; readonly count: number }[];
  /** Masked values by detector label or column. */
  readonly masked: Readonly<Record<string, number>>;
  readonly chain: VerifyResult;
}

