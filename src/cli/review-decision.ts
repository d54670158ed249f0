import type { DecisionKind } from '../http/review-body.js';
import type { ReviewJson } from '../http/review-json.js';
import type { CliIO } from './cli-command.js';
import { decisionLine } from './decision-line.js';
import { gatewayClient, type GatewayClient } from './gateway-client.js';
import { parseReview } from './review-wire.js';

export interface DecisionBody {
  readonly reason?: string;
  readonly command?: string;
  /** With approve: also cover later statements of the same shape in that session for this long ("10m"). */
  readonly coverFor?: string;
}

/**
 * Sends one decision and resolves with what became of the request. Refusals arrive as CliErrors carrying
 * the gateway's message: exit 1 when the request moved on (already decided, expired), 2 for rights or usage.
 */
export async function decide(client: GatewayClient, id: string, kind: DecisionKind, body: DecisionBody): Promise<ReviewJson> {
  const res = await client.post(`/api/reviews/${encodeURIComponent(id)}/${kind}`, body);
  return parseReview(await res.json().catch(() => undefined));
}

/** `decide`, then prints the outcome: the one-shot `review approve/deny/modify` commands. */
export async function submitDecision(io: CliIO, id: string, kind: DecisionKind, body: DecisionBody): Promise<number> {
  io.stdout.write(decisionLine(await decide(gatewayClient(io.env), id, kind, body)) + '\n');
  return 0;
}
