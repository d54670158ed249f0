import type { AuditEvent } from '../../core/audit-event.js';
import type { ChainBreak } from '../hash-chain.js';
import { checkpointsOf, type Checkpoint } from './checkpoint.js';

const key = (c: Pick<Checkpoint, 'chain' | 'seq'>) => `${c.chain}\0${c.seq}`;

function differences(stored: Checkpoint, recorded: Checkpoint): string[] {
  return [
    stored.hash !== recorded.hash && 'hash',
    stored.pruned !== recorded.pruned && 'count pruned',
    stored.cutoff.getTime() !== recorded.cutoff.getTime() && 'cutoff',
    stored.at.getTime() !== recorded.at.getTime() && 'time',
    stored.by !== recorded.by && 'who pruned',
  ].filter((d): d is string => d !== false);
}

/**
 * The checkpoint rows must be exactly those the `audit.pruned` events recorded, so deleting, editing or
 * adding a checkpoint is as visible as editing an event. Names the event (or, for a row no event
 * records, the checkpoint) and what differs. Pure.
 */
export function checkCheckpoints(stored: readonly Checkpoint[], prunedEvents: readonly AuditEvent[]): ChainBreak | null {
  const rows = new Map(stored.map((c) => [key(c), c]));
  const recorded = new Set<string>();
  for (const e of prunedEvents) {
    for (const c of checkpointsOf(e)) {
      const what = `chain ${c.chain} pruned through seq ${c.seq}`;
      const row = rows.get(key(c));
      if (!row) return { chain: e.chain, seq: e.seq, reason: `checkpoint missing: this audit.pruned event records ${what}, but audit_checkpoints has no such row` };
      const diff = differences(row, c);
      if (diff.length > 0) {
        return { chain: e.chain, seq: e.seq, reason: `checkpoint altered: the audit_checkpoints row for ${what} differs from this audit.pruned event in ${diff.join(', ')}` };
      }
      recorded.add(key(c));
    }
  }
  const extra = stored.find((c) => !recorded.has(key(c)));
  return extra ? { chain: extra.chain, seq: extra.seq, reason: `checkpoint not recorded: no audit.pruned event records this audit_checkpoints row (pruned through seq ${extra.seq})` } : null;
}
