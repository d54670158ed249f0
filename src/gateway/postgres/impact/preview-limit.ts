import { impactUnknown } from './explain-impact.js';

/**
 * Bounds how many impact previews run at once. Each opens its own upstream connection (a full login),
 * so a burst of held statements must not turn into a burst of logins that starves the gateway;
 * statements past the limit are held without an estimate rather than waiting for one.
 */
export function limitPreviews(preview: (sql: string) => Promise<string>, maxInFlight: number): (sql: string) => Promise<string> {
  let inFlight = 0;
  return async (sql) => {
    if (inFlight >= maxInFlight) return impactUnknown('too many previews in flight');
    inFlight++;
    try {
      return await preview(sql);
    } finally {
      inFlight--;
    }
  };
}
