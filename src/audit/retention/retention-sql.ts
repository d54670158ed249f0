import type { AuditEvent } from '../../core/audit-event.js';
import { COLUMNS, INSERT, insertParams, toEvent, type Row } from '../event-row.js';
import type { ChainHead, SealedEvent } from '../hash-chain.js';
import type { SqlQueryable } from '../sql-driver.js';
import { RETENTION_CHAIN, type Checkpoint } from './checkpoint.js';

/** Arbitrary constant naming the advisory lock the one pruning run at a time holds (across instances). */
const PRUNE_LOCK = 0x4149524c505255;

/**
 * Waits for the prune lock, held until the transaction ends, and lets this transaction (and no other)
 * through the append-only trigger's DELETE guard.
 */
export async function lockPruning(tx: SqlQueryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [PRUNE_LOCK]);
  await tx.query(`SELECT set_config('airlock.pruning', 'on', true)`);
}

/** Held while spooled events are replayed: no prune (which takes the lock exclusively) runs meanwhile. */
export async function holdOffPruning(tx: SqlQueryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock_shared($1)', [PRUNE_LOCK]);
}

/** The last seq pruned from `chain`, 0 when none was. */
export async function prunedThrough(q: SqlQueryable, chain: string): Promise<number> {
  const rows = await q.query<{ seq: string | number | null }>('SELECT max(seq) AS seq FROM audit_checkpoints WHERE chain = $1', [chain]);
  return Number(rows[0]?.seq ?? 0);
}

interface CheckpointRow {
  chain: string;
  seq: string | number;
  hash: string;
  pruned: string | number;
  cutoff: Date;
  at: Date;
  pruned_by: string;
}

/** Every checkpoint, in (chain, seq) order. */
export async function readCheckpoints(q: SqlQueryable): Promise<Checkpoint[]> {
  const rows = await q.query<CheckpointRow>('SELECT chain, seq, hash, pruned, cutoff, at, pruned_by FROM audit_checkpoints ORDER BY chain, seq');
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash, pruned: Number(r.pruned), cutoff: r.cutoff, at: r.at, by: r.pruned_by }));
}

export async function insertCheckpoints(tx: SqlQueryable, checkpoints: readonly Checkpoint[]): Promise<void> {
  const col = <T>(f: (c: Checkpoint) => T) => checkpoints.map(f);
  await tx.query(
    `INSERT INTO audit_checkpoints (chain, seq, hash, pruned, cutoff, at, pruned_by)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::timestamptz[], $6::timestamptz[], $7::text[])`,
    [col((c) => c.chain), col((c) => c.seq), col((c) => c.hash), col((c) => c.pruned), col((c) => c.cutoff.toISOString()), col((c) => c.at.toISOString()), col((c) => c.by)],
  );
}

/** Where `chain` stands: its last event, or its latest checkpoint when everything up to there was pruned. */
export async function chainTail(q: SqlQueryable, chain: string): Promise<ChainHead | null> {
  const rows = await q.query<{ seq: string | number; hash: string }>(
    `(SELECT seq, hash FROM audit_events WHERE chain = $1 ORDER BY seq DESC LIMIT 1)
     UNION ALL (SELECT seq, hash FROM audit_checkpoints WHERE chain = $1 ORDER BY seq DESC LIMIT 1)
     ORDER BY seq DESC LIMIT 1`,
    [chain],
  );
  const r = rows[0];
  return r ? { seq: Number(r.seq), hash: r.hash } : null;
}

/** Chains (the retention chain aside) holding events older than `cutoff`: the only ones a run can prune. */
export async function chainsWithEventsBefore(tx: SqlQueryable, cutoff: Date): Promise<string[]> {
  const rows = await tx.query<{ chain: string }>('SELECT DISTINCT chain FROM audit_events WHERE at < $1 AND chain <> $2 ORDER BY chain', [cutoff.toISOString(), RETENTION_CHAIN]);
  return rows.map((r) => r.chain);
}

/**
 * The last seq after `afterSeq` that may go: the chain is pruned as a prefix up to the first event that
 * must stay, which is one at or after the cutoff or one of a session with an event at or after it (in
 * any chain), so no session loses its start while it still has events kept. With `throughSeq`, events
 * after it stay too (this run's share of a backlog), on the same terms. Null when none may go.
 */
export async function lastPrunable(tx: SqlQueryable, chain: string, afterSeq: number, cutoff: Date, throughSeq?: number): Promise<number | null> {
  const rows = await tx.query<{ through: string | number | null }>(
    `SELECT max(seq) AS through FROM audit_events
     WHERE chain = $1 AND seq > $2 AND seq < coalesce((
       SELECT min(k.seq) FROM audit_events k
       WHERE k.chain = $1 AND k.seq > $2
         AND (k.at >= $3 OR k.seq > $4 OR EXISTS (
           SELECT 1 FROM audit_events n WHERE n.session_id = k.session_id AND (n.at >= $3 OR (n.chain = $1 AND n.seq > $4))))
     ), 9223372036854775807)`,
    [chain, afterSeq, cutoff.toISOString(), throughSeq ?? '9223372036854775807'],
  );
  const through = rows[0]?.through;
  return through === null || through === undefined ? null : Number(through);
}

/** Up to `limit` events of `chain` in seq order after `afterSeq` (and up to `throughSeq` when given). */
export async function chainPage(q: SqlQueryable, chain: string, afterSeq: number, throughSeq: number | null, limit: number): Promise<AuditEvent[]> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM audit_events WHERE chain = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY seq LIMIT $4`,
    [chain, afterSeq, throughSeq, limit],
  );
  return rows.map(toEvent);
}

export async function deleteThrough(tx: SqlQueryable, chain: string, throughSeq: number): Promise<void> {
  await tx.query('DELETE FROM audit_events WHERE chain = $1 AND seq <= $2', [chain, throughSeq]);
}

export async function appendEvent(tx: SqlQueryable, sealed: SealedEvent): Promise<void> {
  await tx.query(INSERT, insertParams(sealed.event.chain, [sealed]));
}
