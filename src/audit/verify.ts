import type { AuditStore } from './audit-store.js';
import { ChainChecker } from './hash-chain.js';

export type { VerifyResult } from '../core/audit-event.js';
import type { VerifyResult } from '../core/audit-event.js';

const VERIFY_PAGE = 1000;

/**
 * Re-computes every chain from its first event, streaming in (chain, seq) order, and names the first
 * broken event. Deleting a chain's newest events cannot be seen from the chain alone.
 */
export async function verifyStore(store: AuditStore): Promise<VerifyResult> {
  const checker = new ChainChecker();
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
