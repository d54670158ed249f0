import { performance } from 'node:perf_hooks';
import { allSettled, closeAgents, holdStatements, openAgents, type AgentEndpoint } from './agents.js';
import type { MemoryPeaks, MemorySampler } from './memory-sampler.js';
import type { ReviewApi } from './review-api.js';

export interface ExpiryResult {
  readonly sessions: number;
  readonly openMs: number;
  readonly intakeMs: number;
  /** Statements still pending when the last one was parked. */
  readonly heldAtOnce: number;
  /** Settle time minus the request's expiresAt, for every statement refused with 57014. */
  readonly latenessMs: number[];
  /** Deadlines read from GET /api/reviews; the rest (expired before the listing) from the NOTICE. */
  readonly deadlinesFromApi: number;
  /** Requests whose NOTICE deadline differed from the API's (should be 0). */
  readonly deadlineMismatches: number;
  /** Outcomes other than 57014, by SQLSTATE. */
  readonly otherOutcomes: Record<string, number>;
  readonly memory: MemoryPeaks;
}

const QUERY_CANCELED = '57014';

/** Holds one DELETE per session until the short timeout refuses them all; measures how late each refusal came. */
export async function runExpiryPhase(endpoint: AgentEndpoint, sessions: number, batch: number, timeoutMs: number, api: ReviewApi, sampler: MemorySampler): Promise<ExpiryResult> {
  let t = performance.now();
  const clients = await openAgents(endpoint, sessions, batch);
  const openMs = performance.now() - t;
  console.log(`  ${sessions} sessions open in ${(openMs / 1000).toFixed(1)} s; holding statements…`);
  try {
    sampler.start();
    t = performance.now();
    const held = await holdStatements(clients, (i) => `DELETE FROM held WHERE id = ${i + 1}`, batch);
    const intakeMs = performance.now() - t;
    const heldAtOnce = held.filter((h) => !h.outcome).length;
    const listed = new Map((await api.pending()).map((r) => [r.id, Date.parse(r.expiresAt)]));
    console.log(`  ${heldAtOnce} held at once (intake ${(intakeMs / 1000).toFixed(1)} s, ${listed.size} listed by the API); waiting for expiry…`);
    await allSettled(held, timeoutMs + 120_000);
    const memory = sampler.stop();

    const latenessMs: number[] = [];
    const otherOutcomes: Record<string, number> = {};
    let deadlinesFromApi = 0;
    let deadlineMismatches = 0;
    for (const h of held) {
      const fromApi = h.id === undefined ? undefined : listed.get(h.id);
      if (fromApi !== undefined) deadlinesFromApi++;
      if (fromApi !== undefined && fromApi !== h.noticeExpiresAt) deadlineMismatches++;
      const expiresAt = fromApi ?? h.noticeExpiresAt;
      if (h.outcome?.code === QUERY_CANCELED && expiresAt !== undefined) latenessMs.push(h.settledAt! - expiresAt);
      else otherOutcomes[h.outcome?.code ?? 'none'] = (otherOutcomes[h.outcome?.code ?? 'none'] ?? 0) + 1;
    }
    return { sessions, openMs, intakeMs, heldAtOnce, latenessMs, deadlinesFromApi, deadlineMismatches, otherOutcomes, memory };
  } finally {
    sampler.stop();
    await closeAgents(clients);
  }
}
