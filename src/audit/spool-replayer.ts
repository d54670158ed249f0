import type { Logger } from '../util/log.js';
import { ChainConflictError, type AuditStore } from './audit-store.js';
import type { MutableStats } from './audit-stats.js';
import type { AuditWriter } from './audit-writer.js';
import type { Spool } from './spool.js';
import { withTimeout } from './with-timeout.js';

const REPLAY_CHUNK = 500;

/**
 * While the writer is spooling (or not accepting), retries every `retryMs`: once the database answers,
 * re-inserts spooled segments oldest first (skipping events a timed-out flush did commit), removes them,
 * and hands the writer back to the database. Idle when there is nothing to do.
 */
export class SpoolReplayer {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private migrated = false;
  private conflict = false;

  constructor(
    private readonly deps: {
      chain: string;
      store: AuditStore;
      spool: Spool;
      writer: AuditWriter;
      stats: MutableStats;
      log: Logger;
      retryMs: number;
      /** Bounds each database call, so a database that stopped answering cannot wedge the replayer. */
      timeoutMs: number;
      /** True when the schema is known to be in place (migrated at open). */
      migrated: boolean;
    },
  ) {
    this.migrated = deps.migrated;
  }

  /** Schedules a pass if one is needed and none is pending. */
  kick(): void {
    if (this.stopped || this.conflict || this.timer || this.running) return;
    if (!this.deps.writer.spooling && this.deps.writer.accepting) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass().finally(() => {
        this.running = null;
        this.kick();
      });
    }, this.deps.retryMs);
    this.timer.unref();
  }

  /** One pass now (at a clean stop), so spool-first events reach the database before the process exits. */
  async shipNow(): Promise<void> {
    await this.running;
    if (!this.stopped && !this.conflict) await this.pass();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async pass(): Promise<void> {
    const { writer, spool, store, log, chain } = this.deps;
    if (!writer.accepting) {
      // The spool was unwritable: accept again as soon as it takes a durable write.
      if (await spool.probe().then(() => true, () => false)) writer.accepting = true;
    }
    if (!writer.spooling) return;
    try {
      if (!this.migrated) {
        await store.migrate();
        this.migrated = true;
      }
      await withTimeout(store.ping(), this.deps.timeoutMs, 'audit database ping');
      for (const name of await writer.lane.run(() => spool.rotate())) await this.replaySegment(name);
      // Spool-first flushes keep going to the spool, so shipping must not hold them up: the rest goes next time.
      if (writer.spoolFirst) return;
      // Whatever was spooled meanwhile is replayed inside the lane, so no new flush overtakes it.
      await writer.lane.run(async () => {
        for (const name of await spool.rotate()) await this.replaySegment(name);
        writer.resumeDatabase();
      });
      if (writer.spooling) log.debug('audit spool shipped', { chain, replayed: this.deps.stats.replayed });
      else log.info('audit spool replayed; writing to the database again', { chain, replayed: this.deps.stats.replayed });
    } catch (err) {
      if (err instanceof ChainConflictError) {
        this.conflict = true;
        log.error('audit spool cannot be replayed: the database holds different events with the same sequence numbers; spool kept', {
          chain,
          error: err.message,
        });
        return;
      }
      log.debug('audit database still unavailable', { chain, error: (err as Error).message });
    }
  }

  private async replaySegment(name: string): Promise<void> {
    const { spool, store, stats, chain } = this.deps;
    const events = await spool.read(name);
    for (let i = 0; i < events.length; i += REPLAY_CHUNK) {
      stats.replayed += await withTimeout(store.insertMissing(chain, events.slice(i, i + REPLAY_CHUNK)), this.deps.timeoutMs, 'audit replay');
    }
    await spool.remove(name);
    stats.pendingSpool = Math.max(0, stats.pendingSpool - events.length);
  }
}
