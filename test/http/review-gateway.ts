import { registerReviewRoutes } from '../../src/http/review-routes.js';
import type { Approvals } from '../../src/queue/approvals.js';
import { open, uniquePrefix } from '../queue/fixture.js';
import { startTestServer } from './stand-ins.js';

export interface ReviewGateway {
  readonly url: string;
  readonly approvals: Approvals;
  close(): Promise<void>;
}

/** The HTTP server with the review routes over the real Approvals, in a Redis key space of its own. */
export async function startReviewGateway(redisUrl: string, name: string): Promise<ReviewGateway> {
  const approvals = await open(redisUrl, uniquePrefix(name), 'gw-review');
  const { server, url } = await startTestServer();
  registerReviewRoutes(server, approvals);
  return {
    url,
    approvals,
    async close() {
      await server.close();
      await approvals.close();
    },
  };
}
