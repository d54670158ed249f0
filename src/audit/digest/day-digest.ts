import type { AuditEvent } from '../../core/audit-event.js';
import type { Digest } from '../../core/digest.js';
import type { AuditTrail } from '../open-audit.js';
import { buildDigest } from './daily-digest.js';
import type { ZonedDay } from './zoned-day.js';

/** The digest of one day from the trail: its events read in time order, and the chains checked. */
export async function dayDigest(audit: Pick<AuditTrail, 'export' | 'verify'>, day: ZonedDay): Promise<Digest> {
  const events: AuditEvent[] = [];
  for await (const e of audit.export({ since: day.start, until: day.end })) events.push(e);
  return buildDigest(events, day, await audit.verify());
}
