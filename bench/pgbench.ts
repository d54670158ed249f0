/**
 * pgbench through three paths to the same database — direct, pgbouncer (session mode) and the
 * Airlock gateway — plus `durable`, the direct path committing a row after every select (what
 * per-statement durability alone costs here), on a throwaway PostgreSQL cluster, alternating targets
 * each round so drift (caches, CPU boost, noisy neighbours) spreads over all of them.
 *
 *   npx tsx bench/pgbench.ts [--seconds 10] [--clients 8] [--rounds 3] [--targets direct,pgbouncer,durable,gateway]
 *                            [--extended] [--audit postgres|embedded] [--scale 10]
 */
import { startPostgres } from '../test/support/postgres-server.js';
import { startRedis } from '../test/support/redis-server.js';
import { prepareBenchDatabase, type BenchDatabase } from './pgbench/bench-database.js';
import { runBench, type Cleanup } from './pgbench/cleanup.js';
import { writeDurableScript } from './pgbench/durable-script.js';
import { BENCH_IDENTITY, startGateway } from './pgbench/gateway.js';
import { parseOptions, USAGE, type BenchOptions, type Target } from './pgbench/options.js';
import { startPgbouncer } from './pgbench/pgbouncer.js';
import { formatReport, type TargetResults } from './pgbench/report.js';
import { measureLatencies, measureThroughput, stopRunningPgbench, type Endpoint } from './pgbench/run-pgbench.js';

/** Starts what each target needs and returns where pgbench should connect for it. */
async function startTarget(target: Target, db: BenchDatabase, options: BenchOptions, cleanup: Cleanup): Promise<Endpoint> {
  switch (target) {
    case 'direct':
      return { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password };
    case 'durable': {
      const script = writeDurableScript(options.scale);
      cleanup.add('durable script', script.remove);
      return { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password, script: script.path };
    }
    case 'pgbouncer': {
      const bouncer = await startPgbouncer(db, options.clients);
      cleanup.add('pgbouncer', bouncer.stop);
      return { host: '127.0.0.1', port: bouncer.port, database: bouncer.database, user: db.user, password: db.password };
    }
    case 'gateway': {
      const redis = await startRedis();
      cleanup.add('redis', redis.stop);
      const gateway = await startGateway(db, redis.url, options.audit, (config) => ({ ...config, audit: { ...config.audit, durability: options.durability } }));
      cleanup.add('gateway', gateway.stop);
      return { host: '127.0.0.1', port: gateway.port, database: gateway.database, user: BENCH_IDENTITY, password: gateway.token };
    }
  }
}

/** Round r starts at target r, so no target always runs first (or right after the same one). */
function rotated<T>(items: readonly T[], by: number): T[] {
  const k = by % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

async function main(options: BenchOptions, cleanup: Cleanup): Promise<void> {
  const cluster = await startPostgres();
  cleanup.add('postgres', cluster.stop);
  const db = await prepareBenchDatabase(cluster.adminUrl, options.scale);
  const endpoints = new Map<Target, Endpoint>();
  for (const target of options.targets) {
    console.log(`starting ${target}…`);
    endpoints.set(target, await startTarget(target, db, options, cleanup));
  }
  cleanup.add('pgbench', stopRunningPgbench);

  const run = { seconds: options.seconds, extended: options.extended };
  console.log('warming up…'); // first connections, JIT and the buffer cache should not land in round 1
  for (const endpoint of endpoints.values()) await measureThroughput(endpoint, { ...run, seconds: Math.min(3, run.seconds) }, options.clients);

  const results = new Map<Target, TargetResults>(options.targets.map((t) => [t, { tps: [], latenciesUs: [] }]));
  for (let round = 0; round < options.rounds; round++) {
    for (const target of rotated(options.targets, round)) {
      const tps = await measureThroughput(endpoints.get(target)!, run, options.clients);
      results.get(target)!.tps.push(tps);
      console.log(`round ${round + 1}/${options.rounds}  ${target.padEnd(9)}  ${tps.toFixed(0)} tps`);
    }
    for (const target of rotated(options.targets, round)) {
      const latencies = await measureLatencies(endpoints.get(target)!, run);
      // Not push(...latencies): a 10 s single-client run logs far more transactions than a call takes arguments.
      const pooled = results.get(target)!.latenciesUs;
      for (const us of latencies) pooled.push(us);
      console.log(`round ${round + 1}/${options.rounds}  ${target.padEnd(9)}  ${latencies.length} single-client transactions logged`);
    }
  }
  console.log(`\n${formatReport(options, results)}`);
}


await runBench(parseOptions, USAGE, main);
