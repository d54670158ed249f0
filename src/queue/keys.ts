/**
 * Every Redis key and channel the approvals core uses, under one prefix so several deployments
 * (and test files) can share a Redis. BullMQ's own keys live under `<prefix>:bull`.
 */
export interface ApprovalKeys {
  /** Hash: the immutable request as JSON plus the mutable state fields the scripts change. */
  request(id: string): string;
  /** Hash: each approver so far, by identityKey, to the name as they approved (case-insensitively distinct). */
  approvers(id: string): string;
  /** Sorted set of pending ids, scored by creation time. */
  readonly pending: string;
  /** Present while the gateway instance is alive (a key with a TTL). */
  heartbeat(gatewayId: string): string;
  /** Pub/sub channel carrying every transition: {"id","gateway","state"}. */
  readonly transitions: string;
  /** Set of notification channel names any instance serves; every transition fans out to all of them. */
  readonly channels: string;
  /** String with a TTL: an approval covering one command shape in one session (`shapeHash` = sha256 of the shape). */
  cover(sessionId: string, shapeHash: string): string;
  readonly bullPrefix: string;
}

export function approvalKeys(prefix: string): ApprovalKeys {
  return {
    request: (id) => `${prefix}:approval:${id}`,
    approvers: (id) => `${prefix}:approval:${id}:approved-by`,
    pending: `${prefix}:approvals:pending`,
    heartbeat: (gatewayId) => `${prefix}:gateway:${gatewayId}:alive`,
    transitions: `${prefix}:approvals:transitions`,
    channels: `${prefix}:notify:channels`,
    cover: (sessionId, shapeHash) => `${prefix}:cover:${sessionId}:${shapeHash}`,
    bullPrefix: `${prefix}:bull`,
  };
}
