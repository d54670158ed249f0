import type { AuditEvent, AuditEventInput } from '../../core/audit-event.js';
import { EMPTY_HEAD, type ChainHead } from '../hash-chain.js';

/**
 * The chain `audit.pruned` events go to. Only the pruner (holding the prune lock) appends to it, so it
 * never races a gateway's writer, and it is never pruned itself: it is what makes checkpoints
 * tamper-evident. The colon keeps it apart from gateway ids, which open-audit refuses to give it.
 */
export const RETENTION_CHAIN = 'airlock:retention';

/** Where the kept part of one chain starts: its last pruned event, and how it came to be pruned. */
export interface Checkpoint {
  readonly chain: string;
  /** The last pruned event's seq and hash; the chain's next stored event links to them. */
  readonly seq: number;
  readonly hash: string;
  /** Events this run pruned from the chain. */
  readonly pruned: number;
  /** Events before this time were eligible. */
  readonly cutoff: Date;
  readonly at: Date;
  readonly by: string;
}

/** Per chain, the head its kept events link to: its latest checkpoint, else the genesis. */
export function startHeads(checkpoints: readonly Checkpoint[]): (chain: string) => ChainHead {
  const heads = new Map<string, ChainHead>();
  for (const c of checkpoints) if ((heads.get(c.chain)?.seq ?? 0) < c.seq) heads.set(c.chain, { seq: c.seq, hash: c.hash });
  return (chain) => heads.get(chain) ?? EMPTY_HEAD;
}

/** The event recording one pruning run; `at` and `by` of all its checkpoints are the event's own. */
export function prunedEvent(checkpoints: readonly Checkpoint[], run: { cutoff: Date; at: Date; by: string }): AuditEventInput {
  return {
    type: 'audit.pruned',
    at: run.at,
    sessionId: null,
    identity: run.by,
    connection: null,
    protocol: null,
    data: { cutoff: run.cutoff.toISOString(), checkpoints: checkpoints.map(({ chain, seq, hash, pruned }) => ({ chain, seq, hash, pruned })) },
  };
}

/** The checkpoints a recorded `audit.pruned` event stands for (none when its data is not shaped like one). */
export function checkpointsOf(e: AuditEvent): Checkpoint[] {
  const { cutoff, checkpoints } = e.data;
  if (e.type !== 'audit.pruned' || typeof cutoff !== 'string' || !Array.isArray(checkpoints)) return [];
  return checkpoints.flatMap((c: unknown) => {
    const { chain, seq, hash, pruned } = (c ?? {}) as Record<string, unknown>;
    if (typeof chain !== 'string' || typeof seq !== 'number' || typeof hash !== 'string' || typeof pruned !== 'number') return [];
    return [{ chain, seq, hash, pruned, cutoff: new Date(cutoff), at: e.at, by: e.identity ?? '' }];
  });
}
