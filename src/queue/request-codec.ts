import type { ApprovalRequest, ApprovalState, ClosingState, NewRequest } from '../core/approval.js';

/** What one request looks like in Redis: the hash the scripts maintain plus the approvers set. */
export interface StoredRecord {
  readonly hash: Readonly<Record<string, string>>;
  readonly approvers: readonly string[];
}

/** The part of a request fixed at creation, as stored in the hash's `request` field (dates in ms). */
interface FrozenJson extends NewRequest {
  readonly id: string;
  readonly quorum: number;
  readonly gateway: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly remindAt?: number;
  readonly sessionCoverMaxMs?: number;
}

export interface Frozen {
  readonly id: string;
  readonly quorum: number;
  readonly gateway: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly remindAt?: Date;
  readonly sessionCoverMaxMs?: number;
}

export function encodeFrozen(input: NewRequest, frozen: Frozen): string {
  const json: FrozenJson = {
    id: frozen.id,
    connection: input.connection,
    protocol: input.protocol,
    identity: { name: input.identity.name, groups: [...input.identity.groups] },
    command: input.command,
    reasons: input.reasons,
    tables: input.tables,
    impact: input.impact,
    reviewers: input.reviewers,
    ...(input.reviewerMembers?.length ? { reviewerMembers: input.reviewerMembers } : {}),
    sessionId: input.sessionId,
    ...(input.shape ? { shape: input.shape } : {}),
    quorum: frozen.quorum,
    gateway: frozen.gateway,
    createdAt: frozen.createdAt.getTime(),
    expiresAt: frozen.expiresAt.getTime(),
    ...(frozen.remindAt ? { remindAt: frozen.remindAt.getTime() } : {}),
    ...(frozen.sessionCoverMaxMs ? { sessionCoverMaxMs: frozen.sessionCoverMaxMs } : {}),
  };
  return JSON.stringify(json);
}

const date = (ms: string | number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(Number(ms)));

/** Rebuilds the typed request from what Redis holds; the hash is only ever written by our scripts. */
export function decodeRecord({ hash, approvers }: StoredRecord): ApprovalRequest {
  const f = JSON.parse(hash.request ?? '{}') as FrozenJson;
  const closedAs = hash.closedAs as ClosingState | undefined;
  const outcomeAt = date(hash.outcomeAt);
  return {
    id: f.id,
    connection: f.connection,
    protocol: f.protocol,
    identity: f.identity,
    command: f.command,
    reasons: f.reasons,
    tables: f.tables,
    impact: f.impact,
    reviewers: f.reviewers,
    ...(f.reviewerMembers?.length ? { reviewerMembers: f.reviewerMembers } : {}),
    sessionId: f.sessionId,
    ...(f.shape ? { shape: f.shape } : {}),
    quorum: f.quorum,
    gateway: f.gateway,
    createdAt: new Date(f.createdAt),
    expiresAt: new Date(f.expiresAt),
    ...(f.remindAt !== undefined ? { remindAt: new Date(f.remindAt) } : {}),
    ...(f.sessionCoverMaxMs !== undefined ? { sessionCoverMaxMs: f.sessionCoverMaxMs } : {}),
    state: hash.state as ApprovalState,
    approvals: [...approvers].sort(),
    ...(closedAs
      ? {
          closed: {
            as: closedAs,
            at: new Date(Number(hash.closedAt)),
            ...(hash.closedBy ? { by: hash.closedBy } : {}),
            ...(hash.closedReason ? { reason: hash.closedReason } : {}),
            ...(hash.closedCommand ? { command: hash.closedCommand } : {}),
          },
        }
      : {}),
    ...(outcomeAt
      ? { outcome: { ok: hash.state === 'executed', at: outcomeAt, ...(hash.outcomeDetail ? { detail: hash.outcomeDetail } : {}) } }
      : {}),
  };
}
