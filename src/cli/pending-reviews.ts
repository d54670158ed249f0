import type { ReviewJson } from '../http/review-json.js';
import type { GatewayClient } from './gateway-client.js';
import { parseReviewList } from './review-wire.js';

/** The pending requests the caller may decide, oldest first, as the gateway lists them. */
export async function fetchPendingReviews(client: GatewayClient): Promise<ReviewJson[]> {
  const res = await client.get('/api/reviews');
  return parseReviewList(await res.json().catch(() => undefined));
}
