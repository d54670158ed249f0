import type { Identity } from '../core/identity.js';
import type { Approvals } from '../queue/approvals.js';
import { mayDecide } from '../queue/authorize-decision.js';
import { HttpError } from './http-error.js';
import type { HttpServer } from './http-server.js';
import { parseDecisionBody, REFUSAL_STATUS, type DecisionKind } from './review-body.js';
import { reviewJson } from './review-json.js';
import { unavailableAs503 } from './unavailable-as-503.js';
import type { Handler, RequestContext } from './route-types.js';

/** What the review API needs of the approvals module; tests pass the real one. */
export type ReviewBackend = Pick<Approvals, 'listPending' | 'get' | 'decide'>;

const KINDS: readonly DecisionKind[] = ['approve', 'deny', 'modify'];

/** Every review route is authenticated, so a missing identity is a wiring bug, not a client error. */
function caller(ctx: RequestContext): Identity {
  if (!ctx.identity) throw new Error(`${ctx.path} reached without an identity`);
  return ctx.identity;
}

/** An empty body is an empty object: `approve` needs nothing. */
async function bodyObject(ctx: RequestContext): Promise<unknown> {
  return (await ctx.body()).length === 0 ? {} : ctx.json();
}

/**
 * Pending approval requests and decisions on them. Any authenticated identity may call these; the list
 * holds only what the caller may decide, and the Approvals module refuses deciders who may not.
 */
export function registerReviewRoutes(server: HttpServer, approvals: ReviewBackend): void {
  server.route(
    'GET',
    '/api/reviews',
    unavailableAs503(async (ctx) => ({ json: (await approvals.listPending({ forIdentity: caller(ctx) })).map(reviewJson) })),
  );

  server.route(
    'GET',
    '/api/reviews/:id',
    unavailableAs503(async (ctx) => {
      const id = ctx.params.id as string;
      const request = await approvals.get(id);
      const who = caller(ctx);
      // Others' commands can hold sensitive text: only the requester and its reviewers see them, and
      // everyone else gets the same answer as for an unknown id, so ids cannot be probed.
      if (!request || (request.identity.name !== who.name && !mayDecide(request, who))) {
        throw new HttpError(404, `no approval request ${id}`);
      }
      return { json: reviewJson(request) };
    }),
  );

  for (const kind of KINDS) {
    server.route(
      'POST',
      `/api/reviews/:id/${kind}`,
      unavailableAs503(async (ctx) => {
        const input = parseDecisionBody(kind, await bodyObject(ctx));
        const result = await approvals.decide(ctx.params.id as string, caller(ctx), input);
        if (result.ok) return { json: reviewJson(result.request) };
        const status = REFUSAL_STATUS[result.refusal];
        // The request shows a late reviewer what it became; a 403 must not show a stranger its command.
        const request = status === 409 && result.request ? { request: reviewJson(result.request) } : {};
        return { status, json: { error: result.message, refusal: result.refusal, ...request } };
      }),
    );
  }
}
