import type { AuditEvent } from '../core/audit-event.js';
import type { AuditStore } from './audit-store.js';
import { ChainChecker } from './hash-chain.js';
import { checkCheckpoints } from './retention/checkpoint-check.js';
import { RETENTION_CHAIN, startHeads, type Checkpoint } from './retention/checkpoint.js';

export type { VerifyResult } from '../core/audit-event.js';
import type { VerifyResult } from '../core/audit-event.js';

const VERIFY_PAGE = 1000;
/** A pruning run committing mid-check moves chain starts under it; a break is then checked again. */
const ATTEMPTS = 3;

/**
 * Re-computes every chain from its first stored event (linked to its retention checkpoint, else the
 * genesis), streaming in (chain, seq) order, and names the first broken event. The checkpoints must
 * match the `audit.pruned` events that recorded them. Deleting a chain's newest events cannot be seen
 * from the chain alone.
 */
export async function verifyStore(store: AuditStore): Promise<VerifyResult> {
  for (let attempt = 1; ; attempt++) {
    const checkpoints = await store.checkpoints();
    const result = await verifyFrom(store, checkpoints);
    if (result.ok || attempt === ATTEMPTS || JSON.stringify(await store.checkpoints()) === JSON.stringify(checkpoints)) return result;
  }
}

async function verifyFrom(store: AuditStore, checkpoints: readonly Checkpoint[]): Promise<VerifyResult> {
  // The retention chain first: its events vouch for the checkpoints the other chains start from.
  const pruned = await chainEvents(store, RETENTION_CHAIN);
  const retention = new ChainChecker();
  for (const e of pruned) {
    const broken = retention.check(e);
    if (broken) return { ok: false, count: retention.count, broken };
  }
  const badCheckpoint = checkCheckpoints(checkpoints, pruned);
  if (badCheckpoint) return { ok: false, count: retention.count, broken: badCheckpoint };

  const checker = new ChainChecker(startHeads(checkpoints));
  let after: { chain: string; seq: number } | null = null;
  for (;;) {
    const page = await store.pageByChain(after, VERIFY_PAGE);
    for (const e of page) {
      const broken = checker.check(e);
      if (broken) return { ok: false, count: checker.count, broken };
    }
    if (page.length < VERIFY_PAGE) return { ok: true, count: checker.count };
    after = page[page.length - 1]!;
  }
}

/** One (small) chain, whole. */
async function chainEvents(store: AuditStore, chain: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  for (;;) {
    const page = await store.chainPage(chain, events.at(-1)?.seq ?? 0, VERIFY_PAGE);
    events.push(...page);
    if (page.length < VERIFY_PAGE) return events;
  }
}
