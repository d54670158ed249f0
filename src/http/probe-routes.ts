import type { GatewayMetrics } from '../observability/metrics.js';
import type { HttpServer } from './http-server.js';

export interface ReadinessCheck {
  readonly name: string;
  check(): boolean | Promise<boolean>;
}

/** Names of the checks that failed; a check that throws has failed. */
export async function failedChecks(checks: readonly ReadinessCheck[]): Promise<string[]> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        return (await c.check()) ? null : c.name;
      } catch {
        return c.name;
      }
    }),
  );
  return results.filter((name): name is string => name !== null);
}

/** Liveness, readiness and Prometheus scraping: unauthenticated, as orchestrators and scrapers expect. */
export function registerProbeRoutes(server: HttpServer, metrics: GatewayMetrics, readiness: readonly ReadinessCheck[]): void {
  const open = { auth: false } as const;
  server.route('GET', '/healthz', () => ({ text: 'ok' }), open);
  server.route(
    'GET',
    '/readyz',
    async () => {
      const failed = await failedChecks(readiness);
      return failed.length === 0 ? { text: 'ready' } : { status: 503, text: `not ready: ${failed.join(', ')}` };
    },
    open,
  );
  server.route('GET', '/metrics', async () => ({ text: await metrics.render(), contentType: metrics.contentType }), open);
}
