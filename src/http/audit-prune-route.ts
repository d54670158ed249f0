import type { AuditConfig } from '../config/types.js';
import { PruneRefusedError, type AuditTrail } from '../audit/open-audit.js';
import { isoDate } from './audit-query.js';
import { HttpError } from './http-error.js';
import type { HttpServer } from './http-server.js';

/**
 * `POST /api/audit/prune?before=&dryRun=true`: prunes (or, with dryRun, reports) events before `before`,
 * by default before the configured retention, for audit readers. The run is recorded under the caller's
 * name. 409 when an event due for pruning is already broken.
 */
export function registerAuditPrune(server: HttpServer, audit: Pick<AuditTrail, 'prune'>, cfg: Pick<AuditConfig, 'readers' | 'retention'>): void {
  server.route(
    'POST',
    '/api/audit/prune',
    async (ctx) => {
      if (!ctx.identity) throw new Error(`${ctx.path} reached without an identity`);
      const now = Date.now();
      const before = isoDate(ctx.query, 'before');
      const cutoff = before ?? (cfg.retention === undefined ? undefined : new Date(now - cfg.retention));
      if (!cutoff) throw new HttpError(400, 'before is required: audit.retention is not configured');
      if (cutoff.getTime() > now) throw new HttpError(400, 'before must not be in the future');
      try {
        return { json: await audit.prune({ cutoff, by: ctx.identity.name, dryRun: ctx.query.get('dryRun') === 'true' }) };
      } catch (err) {
        if (err instanceof PruneRefusedError) throw new HttpError(409, err.message);
        throw err;
      }
    },
    { auth: { groups: cfg.readers } },
  );
}
