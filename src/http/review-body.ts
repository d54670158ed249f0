import type { DecideRefusal, DecisionInput } from '../core/approval.js';
import { parseDuration } from '../config/duration.js';
import { HttpError } from './http-error.js';

export type DecisionKind = DecisionInput['kind'];

/**
 * Checks the types of a decision body. Pure. Whether a reason or command is present is left to the
 * Approvals module, which answers with a refusal code the client can act on.
 */
export function parseDecisionBody(kind: DecisionKind, body: unknown): DecisionInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'the request body must be a JSON object');
  }
  const { reason, command, coverFor, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new HttpError(400, `unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (reason !== undefined && typeof reason !== 'string') throw new HttpError(400, 'reason must be a string');
  if (command !== undefined && typeof command !== 'string') throw new HttpError(400, 'command must be a string');
  if (command !== undefined && kind !== 'modify') throw new HttpError(400, `command is only accepted by modify, not ${kind}`);
  return {
    kind,
    ...(reason !== undefined ? { reason } : {}),
    ...(command !== undefined ? { command } : {}),
    ...(coverFor !== undefined ? { coverForMs: coverDuration(coverFor) } : {}),
  };
}

/** `coverFor` is a duration as in the config file ("10m"): how long later statements of the same shape in the session are covered. */
function coverDuration(value: unknown): number {
  if (typeof value !== 'string') throw new HttpError(400, 'coverFor must be a duration such as "10m"');
  try {
    return parseDuration(value);
  } catch {
    throw new HttpError(400, `coverFor: "${value}" is not a duration (expected e.g. 90s, 5m, 2h)`);
  }
}

/** HTTP status for each expected refusal: the caller's rights, their request, or a state that moved on. */
export const REFUSAL_STATUS: Readonly<Record<DecideRefusal, number>> = {
  'not-found': 404,
  'not-a-reviewer': 403,
  'self-approval': 403,
  'reason-required': 400,
  'command-required': 400,
  'already-decided': 409,
  expired: 409,
  'already-approved-by-you': 409,
  'cover-not-allowed': 400,
};
