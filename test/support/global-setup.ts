import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres-server.js';
import { startRedis } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL cluster shared by this test run. */
    pgAdminUrl: string;
    redisUrl: string;
  }
}

/**
 * One PostgreSQL cluster and one Redis for the whole run, each on a free port, unless
 * TEST_PG_ADMIN_URL / TEST_REDIS_URL point at existing ones. Test files isolate themselves
 * with their own databases and key prefixes.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  let pgAdminUrl = process.env.TEST_PG_ADMIN_URL;
  if (!pgAdminUrl) {
    const pgServer = await startPostgres();
    stops.push(pgServer.stop);
    pgAdminUrl = pgServer.adminUrl;
  }
  let redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedis();
    stops.push(redis.stop);
    redisUrl = redis.url;
  }
  project.provide('pgAdminUrl', pgAdminUrl);
  project.provide('redisUrl', redisUrl);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
