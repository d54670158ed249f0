/** Counters the HTTP layer can export as metrics; all counts are events unless named otherwise. */
export interface AuditStats {
  /** Committed straight to the database. */
  readonly written: number;
  /** Appended to the local spool because the database was unreachable. */
  readonly spooled: number;
  /** Moved from the spool into the database. */
  readonly replayed: number;
  /** In the spool, not yet replayed. */
  readonly pendingSpool: number;
  /** Multi-row INSERT transactions committed by the writer (group commit makes this far fewer than `written`). */
  readonly batches: number;
  /** Duration of the last flush (database or spool), in milliseconds. */
  readonly lastFlushMs: number;
}

export type MutableStats = { -readonly [K in keyof AuditStats]: AuditStats[K] };

export function emptyStats(): MutableStats {
  return { written: 0, spooled: 0, replayed: 0, pendingSpool: 0, batches: 0, lastFlushMs: 0 };
}
