import { ApprovalsUnavailableError } from '../queue/redis-connection.js';
import { HttpError } from './http-error.js';
import type { Handler } from './route-types.js';

/**
 * Redis being away is the one expected failure of the routes that need approvals; the client may
 * retry, so it is 503 with the reason (and, when given, what therefore did not happen).
 */
export function unavailableAs503(handler: Handler, consequence?: string): Handler {
  return async (ctx) => {
    try {
      return await handler(ctx);
    } catch (err) {
      if (err instanceof ApprovalsUnavailableError) throw new HttpError(503, consequence ? `${err.message}; ${consequence}` : err.message);
      throw err;
    }
  };
}
