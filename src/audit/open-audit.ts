import type { AuditEvent, AuditSink } from '../core/audit-event.js';
import type { AuditConfig } from '../config/types.js';
import { silentLogger, type Logger } from '../util/log.js';
import { emptyStats, type AuditStats } from './audit-stats.js';
import { AuditStore, type EventRange, type SessionFilter } from './audit-store.js';
import { AuditWriter } from './audit-writer.js';
import { EMPTY_HEAD, type ChainHead } from './hash-chain.js';
import { openPgDriver } from './pg-driver.js';
import { openPgliteDriver } from './pglite-driver.js';
import { isUnreachable } from './reachability.js';
import { RETENTION_CHAIN } from './retention/checkpoint.js';
import { pruneTrail, type PruneResult, type PruneRun } from './retention/prune.js';
import { schedulePruning } from './retention/prune-schedule.js';
import { Spool } from './spool.js';
import { SpoolReplayer } from './spool-replayer.js';
import { verifyStore, type VerifyResult } from './verify.js';

export type { AuditStats } from './audit-stats.js';
export type { VerifyResult } from './verify.js';
export { ChainConflictError } from './audit-store.js';
export { PruneRefusedError, type PruneResult, type PruneRun } from './retention/prune.js';

export interface AuditTrail extends AuditSink {
  /** Events with since <= at < until, in (at, chain, seq) order, fetched page by page. */
  export(opts?: { since?: Date; until?: Date }): AsyncIterable<AuditEvent>;
  /** Re-computes every stored chain (events still in the local spool are not yet stored). */
  verify(): Promise<VerifyResult>;
  /** Sessions that started in the range (newest first), with how they ended. */
  sessions(filter: SessionFilter, limit: number): Promise<Array<{ start: AuditEvent; end: AuditEvent | null }>>;
  /** One session's events in time order, for replay. */
  sessionEvents(sessionId: string, limit: number): Promise<AuditEvent[]>;
  /** Prunes events before the cutoff behind checkpoints, as `audit.retention` does hourly; `dryRun` only reports. */
  prune(run: PruneRun): Promise<PruneResult>;
  stats(): AuditStats;
  /** Flushes pending events, stops the replayer, closes the database. */
  close(): Promise<void>;
}

export interface AuditTrailOptions {
  /** This gateway instance's id; each instance must have its own. */
  readonly chain: string;
  /** A flush slower than this goes to the spool instead. Default 2000. */
  readonly flushTimeoutMs?: number;
  /** How often the database is retried while spooling. Default 1000. */
  readonly retryMs?: number;
  readonly log?: Logger;
}

const EXPORT_PAGE = 500;
/** How often spool-first mode ships spooled events to the database. */
const SHIP_EVERY_MS = 200;

async function openStore(database: string, connectTimeoutMs: number, log: Logger): Promise<AuditStore> {
  if (database.startsWith('embedded:')) {
    const dir = database.slice('embedded:'.length);
    if (!dir) throw new Error('audit.database "embedded:" needs a directory, e.g. embedded:./.airlock/audit');
    return new AuditStore(await openPgliteDriver(dir));
  }
  if (/^postgres(ql)?:\/\//.test(database)) return new AuditStore(openPgDriver(database, { connectTimeoutMs, log }));
  throw new Error('audit.database must be a postgres:// URL or embedded:PATH');
}

function later(a: ChainHead | null, b: ChainHead | null): ChainHead | null {
  if (!a) return b;
  if (!b) return a;
  return b.seq > a.seq ? b : a;
}

/**
 * Opens the trail: applies migrations, resumes this instance's chain from the database tail or the spool
 * tail, and starts replaying any spool left by an earlier run. Opens in spool mode when the database is
 * unreachable, so the gateway can start during an audit database outage.
 */
export async function openAuditTrail(cfg: AuditConfig, opts: AuditTrailOptions): Promise<AuditTrail> {
  const log = (opts.log ?? silentLogger).child({ component: 'audit' });
  const flushTimeoutMs = opts.flushTimeoutMs ?? 2000;
  const spoolFirst = cfg.durability === 'spool';
  const { chain } = opts;
  if (!chain) throw new Error('audit trail needs a chain id (the gateway id)');
  if (chain === RETENTION_CHAIN) throw new Error(`gateway id "${chain}" is reserved for the audit retention chain; choose another`);
  const store = await openStore(cfg.database, flushTimeoutMs, log);
  const spool = new Spool(cfg.spool, chain, log);
  const stats = emptyStats();
  let spoolTail: ChainHead | null = null;
  try {
    for (const name of await spool.scan()) {
      const events = await spool.read(name);
      stats.pendingSpool += events.length;
      spoolTail = later(spoolTail, events.at(-1) ?? null);
    }
  } catch (err) {
    await store.close();
    throw err;
  }

  let dbTail: ChainHead | null = null;
  let reachable = true;
  try {
    await store.migrate();
    dbTail = await store.tail(chain);
  } catch (err) {
    if (!isUnreachable(err)) {
      await store.close();
      throw new Error(`audit database: ${(err as Error).message}`);
    }
    reachable = false;
    log.warn('audit database unreachable at start; spooling locally until it returns', { error: (err as Error).message });
  }
  // With the database down and an empty spool, the head saved at the last clean stop is the best knowledge.
  const saved = !reachable && !spoolTail ? await spool.readHead() : null;
  const head = later(later(dbTail, spoolTail), saved) ?? EMPTY_HEAD;

  let replayer: SpoolReplayer | undefined;
  const writer = new AuditWriter({
    chain,
    store,
    spool,
    head,
    mode: reachable && stats.pendingSpool === 0 && !spoolFirst ? 'database' : 'spool',
    spoolFirst,
    flushTimeoutMs,
    stats,
    log,
    onDegraded: () => replayer?.kick(),
  });
  // In spool-first mode the replayer is the normal path to the database, so it ships often.
  const retryMs = opts.retryMs ?? (spoolFirst ? SHIP_EVERY_MS : 1000);
  replayer = new SpoolReplayer({ chain, store, spool, writer, stats, log, retryMs, timeoutMs: flushTimeoutMs, migrated: reachable });
  replayer.kick();
  const pruning = cfg.retention === undefined ? undefined : schedulePruning(store, cfg.retention, chain, log);
  log.info('audit trail open', { chain, seq: head.seq, spooling: writer.spooling, pendingSpool: stats.pendingSpool });

  return {
    record: (event) => writer.record(event),
    get accepting() {
      return writer.accepting;
    },
    export: (range: EventRange = {}) => exportEvents(store, range),
    verify: () => verifyStore(store),
    sessions: (filter, limit) => store.sessions(filter, limit),
    sessionEvents: (sessionId, limit) => store.sessionEvents(sessionId, limit),
    prune: (run) => pruneTrail(store, run),
    stats: () => ({ ...stats }),
    async close() {
      await pruning?.stop();
      await writer.flushed();
      if (spoolFirst) await replayer.shipNow();
      await replayer.stop();
      await spool.close();
      await spool.writeHead(writer.chainHead).catch((err: Error) => log.warn('could not save the audit chain head', { error: err.message }));
      await store.close();
    },
  };
}

async function* exportEvents(store: AuditStore, range: EventRange): AsyncIterable<AuditEvent> {
  let after: AuditEvent | null = null;
  for (;;) {
    const page = await store.pageByTime(range, after, EXPORT_PAGE);
    yield* page;
    if (page.length < EXPORT_PAGE) return;
    after = page[page.length - 1]!;
  }
}
