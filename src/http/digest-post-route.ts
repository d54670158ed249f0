import type { AuditTrail } from '../audit/open-audit.js';
import { dayDigest } from '../audit/digest/day-digest.js';
import type { Digest } from '../core/digest.js';
import { digestDay } from './audit-routes.js';
import type { HttpServer } from './http-server.js';
import { unavailableAs503 } from './unavailable-as-503.js';

/**
 * `POST /api/audit/digest/post?date=&tz=`: builds a day's digest and queues it for every channel's
 * digest post (what `airlock digest --post` asks), for audit readers. Answers with the digest.
 */
export function registerDigestPost(server: HttpServer, audit: Pick<AuditTrail, 'export' | 'verify'>, readers: readonly string[], announce: (digest: Digest) => Promise<void>): void {
  server.route(
    'POST',
    '/api/audit/digest/post',
    unavailableAs503(async (ctx) => {
      const digest = await dayDigest(audit, digestDay(ctx.query, new Date()));
      await announce(digest);
      return { status: 202, json: digest };
    }, 'the digest was not posted'),
    { auth: { groups: readers } },
  );
}
