import type { Protocol } from './session.js';
import type { Digest } from './digest.js';
import type { SessionSummary } from './session-summary.js';

/**
 * Approval requests as gateways, bots and the review API see them. A request is `pending` until the
 * first valid decision (or the deadline, or a cancellation) closes it; an approved or modified request
 * later records whether it ran.
 */
export type ApprovalState =
  | 'pending'
  | 'approved'
  | 'modified'
  | 'denied'
  | 'expired'
  | 'cancelled'
  | 'executed'
  | 'failed';

/** The states that close a pending request: what the held connection waits for. */
export type ClosingState = 'approved' | 'modified' | 'denied' | 'expired' | 'cancelled';

/** The closing states that refuse the held command instead of letting it run. */
export type RefusingState = Exclude<ClosingState, 'approved' | 'modified'>;

/** Who asked, as far as reviewers need to know. */
export interface Requester {
  readonly name: string;
  readonly groups: readonly string[];
}

/** What the gateway supplies when a command gets a `review` verdict. */
export interface NewRequest {
  readonly connection: string;
  readonly protocol: Protocol;
  readonly identity: Requester;
  readonly command: string;
  readonly reasons: readonly string[];
  readonly tables: readonly string[];
  /** Preview of the effect (e.g. affected row count), filled in by the gateway; null when unknown. */
  readonly impact: string | null;
  /** Identity groups whose members may decide. */
  readonly reviewers: readonly string[];
  /** Identities named one by one who may decide too (compared case-insensitively); absent when none. */
  readonly reviewerMembers?: readonly string[];
  readonly sessionId: string;
  /** The command's shape (literals normalized away), for approvals that cover later commands like it; absent when unknown. */
  readonly shape?: string;
}

/** A request's reviewers as people read them: the groups, then the members by name. */
export const reviewerNames = (request: Pick<NewRequest, 'reviewers' | 'reviewerMembers'>): string[] => [...request.reviewers, ...(request.reviewerMembers ?? [])];

export interface ApprovalRequest extends NewRequest {
  /** `apr_` and 10 base32 characters: short enough to type on a command line. */
  readonly id: string;
  readonly quorum: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly remindAt?: Date;
  /** The gateway instance holding the agent's connection. */
  readonly gateway: string;
  /**
   * Set when the policy lets a reviewer approve "this shape, in this session, for a while" (reviewer
   * fatigue): the longest such cover allowed, in ms.
   */
  readonly sessionCoverMaxMs?: number;
  readonly state: ApprovalState;
  /** Distinct reviewers who approved so far (all of them once approved under a quorum). */
  readonly approvals: readonly string[];
  /** Set once the request left `pending`. */
  readonly closed?: {
    readonly as: ClosingState;
    readonly at: Date;
    /** The deciding reviewer; absent for expiry and cancellation. */
    readonly by?: string;
    /** Deny or modify reason, or why it was cancelled. */
    readonly reason?: string;
    /** The replacement text, for `modified`. */
    readonly command?: string;
  };
  /** Set once the gateway reported whether the approved command ran. */
  readonly outcome?: { readonly ok: boolean; readonly at: Date; readonly detail?: string };
}

/** What the held connection is told. */
export type Decision =
  | { readonly kind: 'approved'; readonly by: readonly string[]; readonly at: Date }
  | { readonly kind: 'modified'; readonly by: string; readonly at: Date; readonly command: string; readonly reason?: string }
  | { readonly kind: 'denied'; readonly by: string; readonly at: Date; readonly reason: string }
  | { readonly kind: 'expired'; readonly at: Date }
  | { readonly kind: 'cancelled'; readonly at: Date; readonly reason: string }
  /** No request was made: an earlier approval covers commands of this shape in this session. */
  | { readonly kind: 'covered'; readonly by: string; readonly at: Date; readonly requestId: string };

/** An approval that covers later commands of one shape in one session until `until`. */
export interface SessionCover {
  readonly requestId: string;
  readonly by: string;
  readonly until: Date;
}

export interface DecisionInput {
  readonly kind: 'approve' | 'deny' | 'modify';
  readonly reason?: string;
  /** Replacement command text; required for `modify`. */
  readonly command?: string;
  /** With `approve`: also let later commands of the same shape in the same session run for this long. */
  readonly coverForMs?: number;
}

export type DecideRefusal =
  | 'not-found'
  | 'not-a-reviewer'
  | 'self-approval'
  | 'reason-required'
  | 'command-required'
  | 'already-decided'
  | 'expired'
  | 'already-approved-by-you'
  | 'cover-not-allowed';

/** Expected refusals are results, not exceptions; `message` is fit to show the reviewer. */
export type DecideResult =
  | { readonly ok: true; readonly request: ApprovalRequest }
  | { readonly ok: false; readonly refusal: DecideRefusal; readonly message: string; readonly request?: ApprovalRequest };

/**
 * One state change, for the audit trail. Creation comes from null; a partial approval under a quorum
 * is pending → pending.
 */
export interface Transition {
  readonly id: string;
  readonly from: ApprovalState | null;
  readonly to: ApprovalState;
  readonly at: Date;
  /** The reviewer who acted; the requester for creation; null for the deadline, cancellations and outcomes. */
  readonly actor: string | null;
  /** Deny/modify/cancel reason, or the outcome's detail. */
  readonly reason?: string;
  /** For `modified`: what the agent sent and what a reviewer replaced it with. */
  readonly command?: { readonly before: string; readonly after: string };
  /** The request after the change. */
  readonly request: ApprovalRequest;
}

export type NotificationKind = 'requested' | 'reminder' | 'decided' | 'expired' | 'cancelled' | 'executed' | 'failed';

export interface ApprovalNotification {
  readonly kind: NotificationKind;
  readonly at: Date;
  /** The request as it was when the notification was raised. */
  readonly request: ApprovalRequest;
}

/** An agent session ended: its audit summary, for the audit channel. */
export interface SessionEndedNotification {
  readonly kind: 'session-ended';
  readonly at: Date;
  readonly summary: SessionSummary;
}

/** The daily digest, for the digest channels. */
export interface DigestNotification {
  readonly kind: 'digest';
  readonly at: Date;
  readonly digest: Digest;
}

export type Notification = ApprovalNotification | SessionEndedNotification | DigestNotification;

/** Thrown by a channel the service asked to wait (a 429 with Retry-After): the delivery is retried after `afterMs`. */
export class DeliveryDeferred extends Error {
  constructor(readonly afterMs: number, why: string) {
    super(why);
    this.name = 'DeliveryDeferred';
  }
}

/** A place reviewers hear about requests: console, Slack, Teams. A throw retries the delivery later. */
export interface NotificationChannel {
  /** Lowercase letters, digits and dashes; names the channel's delivery queue. */
  readonly name: string;
  deliver(notification: Notification): Promise<void>;
}
