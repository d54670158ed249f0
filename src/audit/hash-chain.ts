import { createHash } from 'node:crypto';
import type { AuditEvent, AuditEventInput } from '../core/audit-event.js';
import { canonicalJson } from './canonical-json.js';

/** prevHash of the first event in every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain stands: the last sealed event's seq and hash (seq 0 = empty chain). */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** An event plus its data already canonicalised, so the writer serializes each event's data once. */
export interface SealedEvent {
  readonly event: AuditEvent;
  readonly dataJson: string;
}

/**
 * The hashed body: canonical JSON of every field but the hashes, assembled by hand in sorted key
 * order around the already-canonical data (one canonicalisation per event on the hot path).
 */
function body(e: Omit<AuditEvent, 'prevHash' | 'hash'>, dataJson: string): string {
  const at = e.at.toISOString(); // throws RangeError on an invalid date, before anything is stored
  return (
    `{"at":${JSON.stringify(at)},"chain":${JSON.stringify(e.chain)},"connection":${canonicalJson(e.connection)}` +
    `,"data":${dataJson},"identity":${canonicalJson(e.identity)},"protocol":${canonicalJson(e.protocol)}` +
    `,"seq":${e.seq},"sessionId":${canonicalJson(e.sessionId)},"type":${JSON.stringify(e.type)}}`
  );
}

export function hashEvent(prevHash: string, e: Omit<AuditEvent, 'prevHash' | 'hash'>, dataJson = canonicalJson(e.data)): string {
  return createHash('sha256').update(prevHash).update(body(e, dataJson)).digest('hex');
}

/** Links one input after `head`. Throws a clear error for input that cannot be recorded faithfully. */
export function seal(input: AuditEventInput, chain: string, head: ChainHead): SealedEvent {
  if (!(input.at instanceof Date) || Number.isNaN(input.at.getTime())) throw new TypeError('audit event "at" must be a valid Date');
  const dataJson = canonicalJson(input.data ?? {});
  const unsigned = {
    type: input.type,
    at: input.at,
    sessionId: input.sessionId ?? null,
    identity: input.identity ?? null,
    connection: input.connection ?? null,
    protocol: input.protocol ?? null,
    data: input.data,
    chain,
    seq: head.seq + 1,
  };
  const hash = hashEvent(head.hash, unsigned, dataJson);
  return { event: { ...unsigned, prevHash: head.hash, hash }, dataJson };
}

export type ChainBreak = { chain: string; seq: number; reason: string };

/** Checks events of one or more chains, fed in (chain, seq) order; remembers the first break. */
export class ChainChecker {
  private chain: string | null = null;
  private head: ChainHead = EMPTY_HEAD;
  count = 0;

  /** `startOf`: the head a chain's first stored event links to (a retention checkpoint, else the genesis). */
  constructor(private readonly startOf: (chain: string) => ChainHead = () => EMPTY_HEAD) {}

  /** Returns the break this event reveals, if any. */
  check(e: AuditEvent): ChainBreak | null {
    if (e.chain !== this.chain) {
      this.chain = e.chain;
      this.head = this.startOf(e.chain);
    }
    this.count++;
    const expected = this.head.seq + 1;
    if (e.seq > expected) {
      return { chain: e.chain, seq: expected, reason: `event missing: seq ${expected} not found (next stored event is seq ${e.seq})` };
    }
    if (e.seq < expected) return { chain: e.chain, seq: e.seq, reason: `out of order: seq ${e.seq} after seq ${this.head.seq}` };
    if (e.prevHash !== this.head.hash) {
      return { chain: e.chain, seq: e.seq, reason: `prevHash does not match the hash of seq ${this.head.seq} (events deleted or reordered)` };
    }
    if (hashEvent(e.prevHash, e) !== e.hash) return { chain: e.chain, seq: e.seq, reason: 'hash mismatch: the event was altered after it was recorded' };
    this.head = { seq: e.seq, hash: e.hash };
    return null;
  }
}
