/**
 * Holds thousands of statements for approval at once — one agent session each, gateway → pgbouncer
 * (transaction mode) → PostgreSQL — and measures what holding costs and how promptly it ends:
 *   1. expiry: every session sends a reviewed DELETE under a short timeout; reports gateway RSS and
 *      Redis memory while they are held, and how late each 57014 refusal came after its expiresAt;
 *   2. decisions: holds --approve statements under a long timeout, approves each through the review
 *      API from a few concurrent reviewers, and reports decision-to-execution latency.
 *
 *   npx tsx bench/approvals.ts [--sessions 5000] [--timeout 10s] [--approve 1000] [--batch 200] [--reviewers 4]
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { startPostgres } from '../test/support/postgres-server.js';
import { startRedis } from '../test/support/redis-server.js';
import { runDecisionPhase } from './approvals/decision-phase.js';
import { runExpiryPhase } from './approvals/expiry-phase.js';
import { ensureFileLimit } from './approvals/fd-limit.js';
import { approvalsConfig, DECIDE_CONNECTION, EXPIRE_CONNECTION } from './approvals/gateway-config.js';
import { MemorySampler, rssBytes } from './approvals/memory-sampler.js';
import { parseOptions, USAGE, type ApprovalBenchOptions } from './approvals/options.js';
import { formatApprovalsReport } from './approvals/report.js';
import { ReviewApi } from './approvals/review-api.js';
import { adminRun, BENCH_ROLE, prepareBenchDatabase } from './pgbench/bench-database.js';
import { runBench, type Cleanup } from './pgbench/cleanup.js';
import { BENCH_IDENTITY, startGateway } from './pgbench/gateway.js';
import { startPgbouncer } from './pgbench/pgbouncer.js';

/** Server connections pgbouncer keeps: held statements never reach them, approved ones are short. */
const POOL_SIZE = 10;

async function main(o: ApprovalBenchOptions, cleanup: Cleanup): Promise<void> {
  const agents = Math.max(o.sessions, o.approve);
  // Each session is a socket here, two in the gateway (agent, upstream) and one in pgbouncer.
  ensureFileLimit(2 * agents + 1000);
  const cluster = await startPostgres();
  cleanup.add('postgres', cluster.stop);
  const db = await prepareBenchDatabase(cluster.adminUrl, 1);
  const benchUrl = new URL(cluster.adminUrl);
  benchUrl.pathname = `/${db.database}`;
  await adminRun(benchUrl.toString(), [
    `CREATE TABLE held (id int PRIMARY KEY)`,
    `INSERT INTO held SELECT generate_series(1, ${agents})`,
    `GRANT SELECT, DELETE ON held TO ${BENCH_ROLE}`,
  ]);
  const bouncer = await startPgbouncer(db, agents, { mode: 'transaction', size: POOL_SIZE });
  cleanup.add('pgbouncer', bouncer.stop);
  const redisServer = await startRedis();
  cleanup.add('redis', redisServer.stop);
  const reviewerToken = randomBytes(16).toString('hex');
  const gateway = await startGateway(db, redisServer.url, o.audit, (base) => approvalsConfig(base, db, bouncer, o.timeoutMs, reviewerToken));
  cleanup.add('gateway', gateway.stop);
  const redis = new Redis(redisServer.url);
  cleanup.add('redis client', () => void redis.disconnect());

  const api = new ReviewApi(gateway.httpPort, reviewerToken);
  const sampler = new MemorySampler(gateway.pid, redis);
  const agent = (database: string) => ({ port: gateway.port, database, user: BENCH_IDENTITY, password: gateway.token });
  await sleep(2000); // let the gateway settle (JIT, approvals opening) before the idle reading
  const idleRss = rssBytes(gateway.pid);

  console.log(`expiry phase: ${o.sessions} sessions, timeout ${o.timeoutMs / 1000} s`);
  const expiry = await runExpiryPhase(agent(EXPIRE_CONNECTION), o.sessions, o.batch, o.timeoutMs, api, sampler);
  console.log(`decision phase: ${o.approve} statements`);
  const decision = await runDecisionPhase(agent(DECIDE_CONNECTION), o.approve, o.batch, o.reviewers, api, sampler);
  console.log(`\n${formatApprovalsReport(o, idleRss, expiry, decision)}`);
}


await runBench(parseOptions, USAGE, main);
