import type { AuditEvent } from '../core/audit-event.js';
import { canonicalJson } from './canonical-json.js';
import { COLUMNS, INSERT, insertParams, toEvent, type Row } from './event-row.js';
import type { ChainHead, SealedEvent } from './hash-chain.js';
import { migrate } from './migrations.js';
import type { Checkpoint } from './retention/checkpoint.js';
import { chainPage, chainTail, holdOffPruning, prunedThrough, readCheckpoints } from './retention/retention-sql.js';
import type { SqlDriver, SqlQueryable } from './sql-driver.js';

/** Two writers produced the same (chain, seq): two gateway instances share one gateway id. */
export class ChainConflictError extends Error {
  constructor(readonly chain: string) {
    super(
      `audit chain "${chain}" already holds an event with the same sequence number: ` +
        `another gateway instance is writing with the same gateway id; give every instance its own gateway.id`,
    );
    this.name = 'ChainConflictError';
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export interface SessionFilter extends EventRange {
  readonly identity?: string;
  readonly connection?: string;
}

export interface EventRange {
  readonly since?: Date;
  readonly until?: Date;
}

/** The audit table, identical on PostgreSQL and PGlite. */
export class AuditStore {
  constructor(private readonly db: SqlDriver) {}

  migrate(): Promise<number[]> {
    return migrate(this.db);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Where the chain stands, also when retention pruned all of its stored events. */
  tail(chain: string): Promise<ChainHead | null> {
    return chainTail(this.db, chain);
  }

  /** One multi-row INSERT, atomic by itself; all events of a batch share one chain. */
  async insert(chain: string, batch: readonly SealedEvent[]): Promise<void> {
    try {
      await this.db.query(INSERT, insertParams(chain, batch), 'airlock_audit_insert');
    } catch (err) {
      if (isUniqueViolation(err)) throw new ChainConflictError(chain);
      throw err;
    }
  }

  /**
   * Replay: events already stored (a flush that committed after it timed out) are skipped, and so are
   * those already pruned since, which must not come back. A stored event with the same seq but another
   * hash is a different history, reported as a conflict.
   */
  insertMissing(chain: string, events: readonly AuditEvent[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      await holdOffPruning(tx);
      const pruned = await prunedThrough(tx, chain);
      const kept = events.filter((e) => e.seq > pruned);
      if (kept.length === 0) return 0;
      const sealed = kept.map((event) => ({ event, dataJson: canonicalJson(event.data) }));
      const inserted = await tx.query<{ seq: string | number }>(`${INSERT} ON CONFLICT (chain, seq) DO NOTHING RETURNING seq`, insertParams(chain, sealed));
      if (inserted.length === kept.length) return inserted.length;
      const done = new Set(inserted.map((r) => Number(r.seq)));
      const skipped = kept.filter((e) => !done.has(e.seq));
      const stored = await tx.query<{ seq: string | number; hash: string }>('SELECT seq, hash FROM audit_events WHERE chain = $1 AND seq = ANY($2::bigint[])', [
        chain,
        skipped.map((e) => e.seq),
      ]);
      const storedHash = new Map(stored.map((r) => [Number(r.seq), r.hash]));
      if (skipped.some((e) => storedHash.get(e.seq) !== e.hash)) throw new ChainConflictError(chain);
      return inserted.length;
    });
  }

  /** Every event of one session in time order, at most `limit`. */
  async sessionEvents(sessionId: string, limit: number): Promise<AuditEvent[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM audit_events WHERE session_id = $1 ORDER BY at, chain, seq LIMIT $2`, [sessionId, limit]);
    return rows.map(toEvent);
  }

  /** Session starts matching `filter`, newest first, with their end event when recorded. */
  async sessions(filter: SessionFilter, limit: number): Promise<Array<{ start: AuditEvent; end: AuditEvent | null }>> {
    const starts = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM audit_events
       WHERE type = 'session.start' AND ($1::text IS NULL OR identity = $1) AND ($2::text IS NULL OR connection = $2)
         AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
       ORDER BY at DESC LIMIT $5`,
      [filter.identity ?? null, filter.connection ?? null, filter.since?.toISOString() ?? null, filter.until?.toISOString() ?? null, limit],
    );
    const ids = starts.map((r) => r.session_id).filter((id): id is string => id !== null);
    const ends = ids.length
      ? await this.db.query<Row>(`SELECT ${COLUMNS} FROM audit_events WHERE type = 'session.end' AND session_id = ANY($1::text[])`, [ids])
      : [];
    const endOf = new Map(ends.map((r) => [r.session_id, toEvent(r)]));
    return starts.map((r) => ({ start: toEvent(r), end: endOf.get(r.session_id) ?? null }));
  }

  /** A page in (at, chain, seq) order after `after`, for streaming export. */
  async pageByTime(range: EventRange, after: { at: Date; chain: string; seq: number } | null, limit: number): Promise<AuditEvent[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM audit_events
       WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
         AND ($3::timestamptz IS NULL OR (at, chain, seq) > ($3, $4, $5))
       ORDER BY at, chain, seq LIMIT $6`,
      [range.since?.toISOString() ?? null, range.until?.toISOString() ?? null, after?.at.toISOString() ?? null, after?.chain ?? '', after?.seq ?? 0, limit],
    );
    return rows.map(toEvent);
  }

  /** A page in (chain, seq) order after `after`, for verification. */
  async pageByChain(after: { chain: string; seq: number } | null, limit: number): Promise<AuditEvent[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM audit_events WHERE $1::text IS NULL OR (chain, seq) > ($1, $2) ORDER BY chain, seq LIMIT $3`,
      [after?.chain ?? null, after?.seq ?? 0, limit],
    );
    return rows.map(toEvent);
  }

  /** Up to `limit` events of one chain in seq order after `afterSeq`. */
  chainPage(chain: string, afterSeq: number, limit: number): Promise<AuditEvent[]> {
    return chainPage(this.db, chain, afterSeq, null, limit);
  }

  /** Retention checkpoints, in (chain, seq) order. */
  checkpoints(): Promise<Checkpoint[]> {
    return readCheckpoints(this.db);
  }

  /** Runs `fn` in one transaction on one connection (retention pruning). */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
