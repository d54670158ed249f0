import type { AuditEventInput, AuditSink } from '../core/audit-event.js';
import type { Logger } from '../util/log.js';
import { AuditStore, ChainConflictError } from './audit-store.js';
import type { MutableStats } from './audit-stats.js';
import { seal, type ChainHead, type SealedEvent } from './hash-chain.js';
import { SerialLane } from './serial-lane.js';
import type { Spool } from './spool.js';
import { withTimeout } from './with-timeout.js';

/** Keeps one INSERT's arrays and one spool write bounded. */
const MAX_BATCH = 1000;

interface Pending {
  readonly input: AuditEventInput;
  resolve(): void;
  reject(err: Error): void;
}

export interface AuditWriterDeps {
  readonly chain: string;
  readonly store: AuditStore;
  readonly spool: Spool;
  readonly head: ChainHead;
  /** 'spool' while the spool holds events not yet replayed (or the database is down). */
  readonly mode: 'database' | 'spool';
  /** Spool-first durability: every batch goes to the spool and the replayer ships it; never switches back. */
  readonly spoolFirst: boolean;
  readonly flushTimeoutMs: number;
  readonly stats: MutableStats;
  readonly log: Logger;
  /** Called after events went to the spool or could not be stored, so the replayer starts retrying. */
  readonly onDegraded: () => void;
}

/**
 * Group commit: the first event on an idle writer flushes at once; events arriving while a flush is in
 * flight wait and go out together in the next one. Events are sealed into the chain at flush time, so a
 * batch that cannot be made durable anywhere is rejected without leaving a gap in the chain.
 */
export class AuditWriter implements AuditSink {
  accepting = true;
  private readonly queue: Pending[] = [];
  private draining: Promise<void> | null = null;
  private head: ChainHead;
  private mode: 'database' | 'spool';
  /** Flushes and the replayer's final hand-over share this lane, so spool order is never overtaken. */
  readonly lane = new SerialLane();

  constructor(private readonly deps: AuditWriterDeps) {
    this.head = deps.head;
    this.mode = deps.mode;
  }

  get chainHead(): ChainHead {
    return this.head;
  }

  get spooling(): boolean {
    return this.mode === 'spool';
  }

  /** Spool-first durability: the writer never hands back to the database, so shipping needs no hand-over. */
  get spoolFirst(): boolean {
    return this.deps.spoolFirst;
  }

  record(input: AuditEventInput): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  /** Resolves once every event recorded so far has been flushed (or rejected). */
  async flushed(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Only from inside the lane, once the spool is empty: new batches go to the database again (not in spool-first mode). */
  resumeDatabase(): void {
    if (!this.deps.spoolFirst) this.mode = 'database';
    this.accepting = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // One event-loop turn lets the other sessions whose replies arrived in the same poll add their
        // events, so concurrent statements share one commit (or fsync) instead of alternating 1 and N-1.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const batch = this.queue.splice(0, MAX_BATCH);
        await this.lane.run(() => this.flush(batch));
      }
    } finally {
      this.draining = null;
    }
  }

  private async flush(batch: readonly Pending[]): Promise<void> {
    const sealed: SealedEvent[] = [];
    const waiting: Pending[] = [];
    let head = this.head;
    for (const p of batch) {
      try {
        const s = seal(p.input, this.deps.chain, head);
        sealed.push(s);
        waiting.push(p);
        head = s.event;
      } catch (err) {
        p.reject(new Error(`audit event rejected: ${(err as Error).message}`));
      }
    }
    if (sealed.length === 0) return;
    const started = performance.now();
    try {
      await this.persist(sealed);
      this.head = { seq: head.seq, hash: head.hash };
      this.accepting = true;
      waiting.forEach((p) => p.resolve());
    } catch (err) {
      this.accepting = false;
      waiting.forEach((p) => p.reject(err as Error));
      // A shared chain id is a configuration error: stay closed instead of probing back to accepting.
      if (!(err instanceof ChainConflictError)) this.deps.onDegraded();
    } finally {
      this.deps.stats.lastFlushMs = performance.now() - started;
    }
  }

  private async persist(sealed: readonly SealedEvent[]): Promise<void> {
    const { store, spool, stats, log, chain, flushTimeoutMs } = this.deps;
    if (this.mode === 'database') {
      try {
        await withTimeout(store.insert(chain, sealed), flushTimeoutMs, 'audit flush');
        stats.written += sealed.length;
        stats.batches++;
        return;
      } catch (err) {
        if (err instanceof ChainConflictError) {
          log.error('audit chain conflict', { chain, error: err.message });
          throw err;
        }
        log.warn('audit database unavailable; spooling events locally', { chain, error: (err as Error).message });
        this.mode = 'spool';
      }
    }
    try {
      await spool.append(sealed);
    } catch (err) {
      log.error('audit spool cannot be written; refusing new work until it can', { chain, error: (err as Error).message });
      throw new Error(`audit trail unavailable: the database is unreachable and the spool cannot be written (${(err as Error).message})`);
    }
    stats.spooled += sealed.length;
    stats.pendingSpool += sealed.length;
    this.deps.onDegraded();
  }
}
