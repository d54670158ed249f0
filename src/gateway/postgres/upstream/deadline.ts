import { UpstreamError } from './upstream-error.js';

/**
 * An AbortSignal that fires after `ms` with an UpstreamError naming what timed out. Call `clear`
 * once the work is done so the timer does not outlive it.
 */
export function deadline(ms: number, what: string): { signal: AbortSignal; clear: () => void } {
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`timeout must be a positive number of milliseconds, got ${ms}`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new UpstreamError(`timed out after ${ms} ms ${what}`, 'unavailable')), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
