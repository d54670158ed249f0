import { humanDuration } from '../../util/human-duration.js';
import type { Logger } from '../../util/log.js';
import type { AuditStore } from '../audit-store.js';
import { pruneTrail } from './prune.js';

/** How often the configured retention is applied; hourly keeps each run's transaction small. */
const EVERY_MS = 60 * 60_000;

/**
 * Applies the retention at once and then hourly. Every gateway instance runs this: the prune lock lets
 * one run at a time and the next finds nothing left to prune, so no cross-instance scheduler (and no
 * Redis) is needed, and it works the same on the embedded database.
 */
export function schedulePruning(store: AuditStore, retentionMs: number, chain: string, log: Logger): { stop(): Promise<void> } {
  const by = `retention ${humanDuration(retentionMs)} (gateway ${chain})`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = pruneTrail(store, { cutoff: new Date(Date.now() - retentionMs), by })
      .then(
        ({ checkpoints }) => {
          if (checkpoints.length > 0) log.info('audit events pruned', { by, chains: checkpoints.map((c) => ({ chain: c.chain, throughSeq: c.seq, pruned: c.pruned })) });
        },
        (err: Error) => log.warn('audit retention pruning failed; trying again at the next run', { error: err.message }),
      )
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, EVERY_MS);
        timer.unref();
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
