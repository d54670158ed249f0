import type { ApprovalRequest, ApprovalState, ClosingState } from '../core/approval.js';

/** An approval request as the review API sends it: the requester by name, dates as ISO 8601 strings. */
export interface ReviewJson {
  readonly id: string;
  readonly connection: string;
  readonly protocol: string;
  /** The requester's name; their groups are not the reviewer's business. */
  readonly identity: string;
  readonly command: string;
  readonly reasons: readonly string[];
  readonly tables: readonly string[];
  readonly impact: string | null;
  /** Reviewer groups. */
  readonly reviewers: readonly string[];
  /** Reviewers named one by one, when the connection names any. */
  readonly reviewerMembers?: readonly string[];
  readonly quorum: number;
  readonly approvals: readonly string[];
  readonly state: ApprovalState;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly closed?: {
    readonly as: ClosingState;
    readonly at: string;
    readonly by?: string;
    readonly reason?: string;
    readonly command?: string;
  };
  readonly outcome?: { readonly ok: boolean; readonly at: string; readonly detail?: string };
}

/** Pure. Leaves out what only gateways need (session, holding instance, reminder time). */
export function reviewJson(r: ApprovalRequest): ReviewJson {
  return {
    id: r.id,
    connection: r.connection,
    protocol: r.protocol,
    identity: r.identity.name,
    command: r.command,
    reasons: r.reasons,
    tables: r.tables,
    impact: r.impact,
    reviewers: r.reviewers,
    ...(r.reviewerMembers?.length ? { reviewerMembers: r.reviewerMembers } : {}),
    quorum: r.quorum,
    approvals: r.approvals,
    state: r.state,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    ...(r.closed ? { closed: { ...r.closed, at: r.closed.at.toISOString() } } : {}),
    ...(r.outcome ? { outcome: { ...r.outcome, at: r.outcome.at.toISOString() } } : {}),
  };
}
