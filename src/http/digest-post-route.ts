import type { AuditTrail } from '../audit/open-audit.js';
import { dayDigest } from '../audit/digest/day-digest.js';
import type { Digest } from '../core/digest.js';
import { ApprovalsUnavailableError } from '../queue/redis-connection.js';
import { digestDay } from './audit-routes.js';
import { HttpError } from './http-error.js';
import type { HttpServer } from './http-server.js';

/**
 * `POST /api/audit/digest/post?date=&tz=`: builds a day's digest and queues it for every channel's
 * digest post (what `airlock digest --post` asks), for audit readers. Answers with the digest.
 */
export function registerDigestPost(server: HttpServer, audit: Pick<AuditTrail, 'export' | 'verify'>, readers: readonly string[], announce: (digest: Digest) => Promise<void>): void {
  server.route(
    'POST',
    '/api/audit/digest/post',
    async (ctx) => {
      const digest = await dayDigest(audit, digestDay(ctx.query, new Date()));
      try {
        await announce(digest);
      } catch (err) {
        if (err instanceof ApprovalsUnavailableError) throw new HttpError(503, `${err.message}; the digest was not posted`);
        throw err;
      }
      return { status: 202, json: digest };
    },
    { auth: { groups: readers } },
  );
}
