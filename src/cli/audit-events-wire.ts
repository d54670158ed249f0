import type { AuditEvent } from '../core/audit-event.js';
import { CliError } from './cli-error.js';

/** Audit events as the gateway sends them as JSON (times as ISO strings), checked and with Dates. */
export function auditEventsFromJson(body: unknown): AuditEvent[] {
  if (!Array.isArray(body)) throw new CliError('the gateway sent an unexpected answer', 1);
  return body.map((raw: unknown) => {
    const e = raw as Partial<Record<keyof AuditEvent, unknown>> | null;
    if (typeof e !== 'object' || e === null || typeof e.type !== 'string' || typeof e.at !== 'string' || typeof e.data !== 'object') {
      throw new CliError('the gateway sent an event without type, time or data', 1);
    }
    return { ...(e as unknown as AuditEvent), at: new Date(e.at) };
  });
}
