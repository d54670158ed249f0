import type { AuditEvent, AuditEventType } from '../core/audit-event.js';
import type { Protocol } from '../core/session.js';
import type { SealedEvent } from './hash-chain.js';

/** How audit_events rows are read and written, shared by the store and retention pruning. */
export const COLUMNS = 'chain, seq, at, type, session_id, identity, connection, protocol, data::text AS data, prev_hash, hash';

// One statement text for any batch size (arrays, not N rows of placeholders), so it is prepared once per connection.
export const INSERT = `
  INSERT INTO audit_events (chain, seq, at, type, session_id, identity, connection, protocol, data, prev_hash, hash)
  SELECT $1, u.seq, u.at, u.type, u.session_id, u.identity, u.connection, u.protocol, u.data::json, u.prev_hash, u.hash
  FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
    AS u(seq, at, type, session_id, identity, connection, protocol, data, prev_hash, hash)`;

export interface Row {
  chain: string;
  seq: string | number;
  at: Date;
  type: string;
  session_id: string | null;
  identity: string | null;
  connection: string | null;
  protocol: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export function toEvent(r: Row): AuditEvent {
  return {
    chain: r.chain,
    seq: Number(r.seq),
    at: r.at,
    type: r.type as AuditEventType,
    sessionId: r.session_id,
    identity: r.identity,
    connection: r.connection,
    protocol: r.protocol as Protocol | null,
    data: JSON.parse(r.data) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export function insertParams(chain: string, batch: readonly SealedEvent[]): unknown[] {
  const cols: unknown[][] = Array.from({ length: 10 }, () => new Array<unknown>(batch.length));
  batch.forEach(({ event: e, dataJson }, i) => {
    const vals = [e.seq, e.at.toISOString(), e.type, e.sessionId, e.identity, e.connection, e.protocol, dataJson, e.prevHash, e.hash];
    vals.forEach((v, c) => (cols[c]![i] = v));
  });
  return [chain, ...cols];
}
