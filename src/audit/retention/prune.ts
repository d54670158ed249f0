import type { AuditStore } from '../audit-store.js';
import { ChainChecker, EMPTY_HEAD, seal, type ChainBreak, type ChainHead } from '../hash-chain.js';
import type { SqlQueryable } from '../sql-driver.js';
import { prunedEvent, RETENTION_CHAIN, startHeads, type Checkpoint } from './checkpoint.js';
import { appendEvent, chainPage, chainsWithEventsBefore, chainTail, deleteThrough, insertCheckpoints, lastPrunable, lockPruning, readCheckpoints } from './retention-sql.js';

const PAGE = 1000;
/** Events pruned from one chain per transaction by default: a backlog goes in several short ones. */
const BATCH = 50_000;

export interface PruneRun {
  /** Events before this time may go. */
  readonly cutoff: Date;
  /** Who asked: an identity, or the gateway's retention schedule. */
  readonly by: string;
  /** Only work out what would be pruned. */
  readonly dryRun?: boolean;
  /**
   * About the most events pruned from one chain per transaction (default 50,000), so a first prune of
   * a large backlog never holds the prune lock or the database for long. A session is never split, so
   * a step that reaches a longer one doubles its share until the session fits.
   */
  readonly batch?: number;
}

export interface PruneResult {
  readonly cutoff: Date;
  readonly dryRun: boolean;
  /** One per chain pruned (or that would be), where its kept part now starts; empty when nothing could go. */
  readonly checkpoints: readonly Checkpoint[];
}

/**
 * An event due for pruning is already broken: pruning would erase the evidence, so the step that
 * reached it prunes nothing. `pruned` is what earlier steps of the run had pruned, before it.
 */
export class PruneRefusedError extends Error {
  constructor(
    readonly broken: ChainBreak,
    readonly pruned: readonly Checkpoint[] = [],
  ) {
    const before = pruned.reduce((n, c) => n + c.pruned, 0);
    const pruning = before ? `earlier steps of this run pruned ${before} events; nothing more was pruned` : 'nothing was pruned';
    super(`refusing to prune: chain ${broken.chain} seq ${broken.seq}: ${broken.reason}; ${pruning}`);
    this.name = 'PruneRefusedError';
  }
}

/**
 * Prunes in steps of about `batch` events per chain, each its own transaction, until nothing more
 * may go; the result has one checkpoint per chain, summing its steps. A dry run works out everything
 * that would go in one step.
 */
export async function pruneTrail(store: AuditStore, run: PruneRun): Promise<PruneResult> {
  const dryRun = run.dryRun === true;
  const last = new Map<string, Checkpoint>();
  for (;;) {
    let step: Checkpoint[];
    try {
      step = await pruneStep(store, run.cutoff, run.by, dryRun ? undefined : (run.batch ?? BATCH), dryRun);
    } catch (err) {
      throw err instanceof PruneRefusedError && last.size > 0 ? new PruneRefusedError(err.broken, [...last.values()]) : err;
    }
    for (const c of step) last.set(c.chain, { ...c, pruned: c.pruned + (last.get(c.chain)?.pruned ?? 0) });
    if (dryRun || step.length === 0) return { cutoff: run.cutoff, dryRun, checkpoints: [...last.values()] };
  }
}

/**
 * One transaction under the prune lock (one run at a time across instances): per chain, deletes the
 * prefix of events older than the cutoff that splits no session, up to `batch` of them, records where
 * the kept part starts (a checkpoint row), and appends an `audit.pruned` event holding the same
 * checkpoints to the retention chain, which makes deleting or editing a checkpoint detectable.
 * Gateways keep writing meanwhile: they only append after the prefix.
 */
function pruneStep(store: AuditStore, cutoff: Date, by: string, batch: number | undefined, dryRun: boolean): Promise<Checkpoint[]> {
  return store.transaction(async (tx) => {
    await lockPruning(tx);
    const at = new Date();
    const startOf = startHeads(await readCheckpoints(tx));
    const checkpoints: Checkpoint[] = [];
    for (const chain of await chainsWithEventsBefore(tx, cutoff)) {
      const start = startOf(chain);
      const through = await stepThrough(tx, chain, start.seq, cutoff, batch);
      if (through === null) continue;
      const { hash, count } = await checkSegment(tx, chain, start, through);
      checkpoints.push({ chain, seq: through, hash, pruned: count, cutoff, at, by });
    }
    if (dryRun || checkpoints.length === 0) return checkpoints;
    for (const c of checkpoints) await deleteThrough(tx, c.chain, c.seq);
    await insertCheckpoints(tx, checkpoints);
    const head = (await chainTail(tx, RETENTION_CHAIN)) ?? EMPTY_HEAD;
    await appendEvent(tx, seal(prunedEvent(checkpoints, { cutoff, at, by }), RETENTION_CHAIN, head));
    return checkpoints;
  });
}

/**
 * The last seq of `chain` this step prunes: the last session boundary within `batch` events, else
 * within twice as many, and so on. Only a share of the chain is searched, never the whole backlog;
 * once the share reaches the chain's tail, the answer is the uncapped one.
 */
async function stepThrough(tx: SqlQueryable, chain: string, afterSeq: number, cutoff: Date, batch: number | undefined): Promise<number | null> {
  if (batch === undefined) return lastPrunable(tx, chain, afterSeq, cutoff);
  const tail = (await chainTail(tx, chain))?.seq ?? afterSeq;
  for (let share = batch; ; share *= 2) {
    const through = await lastPrunable(tx, chain, afterSeq, cutoff, afterSeq + share);
    if (through !== null || afterSeq + share >= tail) return through;
  }
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
