import type { AuditStore } from '../audit-store.js';
import { ChainChecker, EMPTY_HEAD, seal, type ChainBreak, type ChainHead } from '../hash-chain.js';
import type { SqlQueryable } from '../sql-driver.js';
import { prunedEvent, RETENTION_CHAIN, startHeads, type Checkpoint } from './checkpoint.js';
import { appendEvent, chainPage, chainsWithEventsBefore, chainTail, deleteThrough, insertCheckpoints, lastPrunable, lockPruning, readCheckpoints } from './retention-sql.js';

const PAGE = 1000;

export interface PruneRun {
  /** Events before this time may go. */
  readonly cutoff: Date;
  /** Who asked: an identity, or the gateway's retention schedule. */
  readonly by: string;
  /** Only work out what would be pruned. */
  readonly dryRun?: boolean;
}

export interface PruneResult {
  readonly cutoff: Date;
  readonly dryRun: boolean;
  /** One per chain pruned (or that would be); empty when nothing could go. */
  readonly checkpoints: readonly Checkpoint[];
}

/** An event due for pruning is already broken: pruning would erase the evidence, so nothing is pruned. */
export class PruneRefusedError extends Error {
  constructor(readonly broken: ChainBreak) {
    super(`refusing to prune: chain ${broken.chain} seq ${broken.seq}: ${broken.reason}; nothing was pruned`);
    this.name = 'PruneRefusedError';
  }
}

/**
 * One transaction under the prune lock (one run at a time across instances): per chain, deletes the
 * prefix of events older than the cutoff that splits no session, records where the kept part starts
 * (a checkpoint row), and appends an `audit.pruned` event holding the same checkpoints to the retention
 * chain, which makes deleting or editing a checkpoint detectable. Gateways keep writing meanwhile:
 * they only append after the prefix.
 */
export function pruneTrail(store: AuditStore, run: PruneRun): Promise<PruneResult> {
  return store.transaction(async (tx) => {
    await lockPruning(tx);
    const at = new Date();
    const startOf = startHeads(await readCheckpoints(tx));
    const checkpoints: Checkpoint[] = [];
    for (const chain of await chainsWithEventsBefore(tx, run.cutoff)) {
      const start = startOf(chain);
      const through = await lastPrunable(tx, chain, start.seq, run.cutoff);
      if (through === null) continue;
      const { hash, count } = await checkSegment(tx, chain, start, through);
      checkpoints.push({ chain, seq: through, hash, pruned: count, cutoff: run.cutoff, at, by: run.by });
    }
    const result = { cutoff: run.cutoff, dryRun: run.dryRun === true, checkpoints };
    if (result.dryRun || checkpoints.length === 0) return result;
    for (const c of checkpoints) await deleteThrough(tx, c.chain, c.seq);
    await insertCheckpoints(tx, checkpoints);
    const head = (await chainTail(tx, RETENTION_CHAIN)) ?? EMPTY_HEAD;
    await appendEvent(tx, seal(prunedEvent(checkpoints, { cutoff: run.cutoff, at, by: run.by }), RETENTION_CHAIN, head));
    return result;
  });
}

/** Re-checks the events about to go against the chain's start; returns the last one's hash and how many there are. */
async function checkSegment(tx: SqlQueryable, chain: string, start: ChainHead, through: number): Promise<{ hash: string; count: number }> {
  const checker = new ChainChecker(() => start);
  let last = start;
  for (;;) {
    const page = await chainPage(tx, chain, last.seq, through, PAGE);
    for (const e of page) {
      const broken = checker.check(e);
      if (broken) throw new PruneRefusedError(broken);
    }
    last = page.at(-1) ?? last;
    if (page.length < PAGE) return { hash: last.hash, count: checker.count };
  }
}
