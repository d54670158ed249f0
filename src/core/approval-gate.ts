import type { ApprovalRequest, Decision } from './approval.js';
import type { Session } from './session.js';

/** What a protocol adapter needs from approvals: park a command, learn the decision, report how it ran. */
export interface ApprovalGate {
  /**
   * Parks the command until a reviewer decides, the deadline passes or `signal` aborts (the agent went
   * away: the request is cancelled). `onParked` runs once the request exists, before waiting, so the
   * agent can be told its id; it is not called when an earlier approval covers this shape in this
   * session (the decision is then `covered`). Rejects, with a message fit for the agent, when approvals
   * are unavailable.
   */
  hold(
    command: {
      readonly text: string;
      readonly reasons: readonly string[];
      readonly tables: readonly string[];
      /**
       * What running it would touch, e.g. "DELETE on public.orders, ~12,304 rows"; null when unknown.
       * Lazy: it costs an upstream EXPLAIN, which a covered command doesn't need.
       */
      impact(): Promise<string | null>;
      /** The command with its literals normalized away; an approval may cover later commands of this shape. */
      readonly shape?: string;
    },
    session: Session,
    opts: { readonly signal: AbortSignal; onParked(request: ApprovalRequest): void },
  ): Promise<Decision>;
  /** Records whether an approved (or modified) command ran. Never throws. */
  reportOutcome(id: string, ok: boolean, detail?: string): void;
}
