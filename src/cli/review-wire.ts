import type { ReviewJson } from '../http/review-json.js';
import { CliError } from './cli-error.js';

type Loose = Partial<Record<string, unknown>>;

const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isStrings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');

// Checked by hand rather than with a schema library: the CLI should start fast. Only what the CLI reads.
function isReview(v: unknown): v is ReviewJson {
  const r = v as Loose | null;
  if (typeof r !== 'object' || r === null) return false;
  const closed = r.closed as Loose | undefined;
  return (
    ['id', 'connection', 'identity', 'command', 'state'].every((k) => typeof r[k] === 'string') &&
    isDate(r.createdAt) &&
    isDate(r.expiresAt) &&
    typeof r.quorum === 'number' &&
    isStrings(r.approvals) &&
    (closed === undefined || (typeof closed.as === 'string' && ['by', 'command'].every((k) => closed[k] === undefined || typeof closed[k] === 'string')))
  );
}

const unexpected = () => new CliError('the gateway sent an unexpected review response', 1);

/** The approval request in a review API response body. */
export function parseReview(body: unknown): ReviewJson {
  if (!isReview(body)) throw unexpected();
  return body;
}

/** The pending requests in a `GET /api/reviews` response body. */
export function parseReviewList(body: unknown): ReviewJson[] {
  if (!Array.isArray(body) || !body.every(isReview)) throw unexpected();
  return body;
}
