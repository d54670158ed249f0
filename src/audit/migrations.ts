import type { SqlDriver } from './sql-driver.js';

/** Ordered, append-only: never edit a shipped migration, add a new version. */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE audit_events (
        chain      text        NOT NULL,
        seq        bigint      NOT NULL,
        at         timestamptz NOT NULL,
        type       text        NOT NULL,
        session_id text,
        identity   text,
        connection text,
        protocol   text,
        data       json        NOT NULL,
        prev_hash  text        NOT NULL,
        hash       text        NOT NULL,
        CONSTRAINT audit_events_chain_seq UNIQUE (chain, seq)
      );
      CREATE INDEX audit_events_at ON audit_events (at, chain, seq);
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% rejected)', TG_OP;
      END $$;
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    `,
  },
  {
    version: 2,
    // Replay and the session list read one session's events at a time.
    sql: `CREATE INDEX audit_events_session ON audit_events (session_id, at);`,
  },
  {
    version: 3,
    // Retention: each pruning run leaves one checkpoint per chain it pruned (where the kept part of the
    // chain starts). Retention pruning is the only delete the append-only trigger lets through, and only
    // inside a transaction that said so (set_config('airlock.pruning', 'on', true)).
    sql: `
      CREATE TABLE audit_checkpoints (
        chain      text        NOT NULL,
        seq        bigint      NOT NULL,
        hash       text        NOT NULL,
        pruned     bigint      NOT NULL,
        cutoff     timestamptz NOT NULL,
        at         timestamptz NOT NULL,
        pruned_by  text        NOT NULL,
        PRIMARY KEY (chain, seq)
      );
      CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events' AND current_setting('airlock.pruning', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only (% rejected)', TG_TABLE_NAME, TG_OP;
      END $$;
      CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
    `,
  },
];

/** Arbitrary constant naming the advisory lock that serializes migrations across gateway instances. */
const MIGRATION_LOCK = 0x4149524c4f434b;

/** Applies missing migrations; idempotent and safe when several instances start at once. */
export async function migrate(db: SqlDriver): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      applied.push(m.version);
    }
    return applied;
  });
}
