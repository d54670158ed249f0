import type { HttpServer } from './http-server.js';
import type { LearnedReviewer } from '../identity/learned-reviewer.js';

/** The learned-identity lookup the route reports from; absent when the gateway has no IdP. */
type Learned = { byName(name: string): Promise<LearnedReviewer | undefined> };

/**
 * `GET /api/whoami`: the identity the gateway takes the bearer token for, and, for an IdP sign-in,
 * until when chat clicks map to it (`airlock login` shows this). Calling it is itself a sign-in.
 */
export function registerWhoamiRoute(server: HttpServer, learned?: Learned): void {
  server.route('GET', '/api/whoami', async (ctx) => {
    const who = ctx.identity;
    if (!who) throw new Error('/api/whoami reached without an identity');
    // Redis away costs only the date: the identity itself is known.
    const record = who.source === 'oidc' ? await learned?.byName(who.name).catch(() => undefined) : undefined;
    return { json: { name: who.name, groups: who.groups, source: who.source, ...(record && { reviewerUntil: new Date(record.until).toISOString() }) } };
  });
}
