import { performance } from 'node:perf_hooks';
import { allSettled, closeAgents, holdStatements, openAgents, type AgentEndpoint, type HeldStatement } from './agents.js';
import type { MemoryPeaks, MemorySampler } from './memory-sampler.js';
import type { ReviewApi } from './review-api.js';

export interface DecisionResult {
  readonly approved: number;
  /** performance.now() when the approve POST returned 200 → when the agent's DELETE completed. */
  readonly afterReplyMs: number[];
  /** The same from when the POST was sent: includes the API's own handling. */
  readonly afterSendMs: number[];
  /** POST round trips. */
  readonly postMs: number[];
  readonly approvalsPerSecond: number;
  /** Statements that did not come back as DELETE 1. */
  readonly failures: number;
  readonly memory: MemoryPeaks;
}

interface Timed {
  readonly h: HeldStatement;
  readonly sent: number;
  readonly replied: number;
}

/** Holds `count` DELETEs on the long-timeout connection, approves each through the API from `reviewers` workers. */
export async function runDecisionPhase(endpoint: AgentEndpoint, count: number, batch: number, reviewers: number, api: ReviewApi, sampler: MemorySampler): Promise<DecisionResult> {
  const clients = await openAgents(endpoint, count, batch);
  try {
    sampler.start();
    const held = await holdStatements(clients, (i) => `DELETE FROM held WHERE id = ${i + 1}`, batch);
    console.log(`  ${held.length} statements held; approving through the API with ${reviewers} reviewers…`);
    const timed: Timed[] = [];
    let next = 0;
    const started = performance.now();
    const reviewer = async () => {
      for (let h = held[next++]; h; h = held[next++]) {
        const sent = performance.now();
        await api.approve(h.id!);
        timed.push({ h, sent, replied: performance.now() });
      }
    };
    await Promise.all(Array.from({ length: reviewers }, reviewer));
    await allSettled(held, 60_000);
    const elapsedMs = performance.now() - started;
    const memory = sampler.stop();
    return {
      approved: timed.length,
      afterReplyMs: timed.map((x) => x.h.settledMono! - x.replied),
      afterSendMs: timed.map((x) => x.h.settledMono! - x.sent),
      postMs: timed.map((x) => x.replied - x.sent),
      approvalsPerSecond: (timed.length / elapsedMs) * 1000,
      failures: held.filter((h) => h.outcome?.code !== 'ok' || h.outcome.rows !== 1).length,
      memory,
    };
  } finally {
    sampler.stop();
    await closeAgents(clients);
  }
}
