/**
 * Result-masking throughput: a 10-column, --rows-row SELECT fetched in full by psql, four ways to the
 * same table on a throwaway PostgreSQL — direct, through the gateway with masking off, with three
 * masked columns (column rules), and with those plus the content detectors — as ratios. The issue's
 * aim: masked ≥ 0.5× unmasked-through-gateway. The gateway runs in this process, so its CPU time per
 * run is measured too. Masking is checked on a sample row before anything is timed.
 *
 *   node --import tsx bench/masking-throughput.ts [--rows 200000] [--rounds 3]
 */
import { startPostgres } from '../test/support/postgres-server.js';
import { configurations, type ConfigurationName } from './masking-throughput/configurations.js';
import { stopRunningPsql, timeFullFetch, type FetchTiming } from './masking-throughput/fetch.js';
import { startInProcessGateway } from './masking-throughput/in-process-gateway.js';
import { parseOptions, USAGE, type MaskingBenchOptions } from './masking-throughput/options.js';
import { formatMaskingReport } from './masking-throughput/report.js';
import { verifyMasking } from './masking-throughput/verify.js';
import { createWideTable } from './masking-throughput/wide-table.js';
import { prepareBenchDatabase } from './pgbench/bench-database.js';
import { runBench, type Cleanup } from './pgbench/cleanup.js';

const QUERY = 'SELECT * FROM wide';

async function main(o: MaskingBenchOptions, cleanup: Cleanup): Promise<void> {
  const cluster = await startPostgres();
  cleanup.add('postgres', cluster.stop);
  // Scale 1 is the smallest pgbench -i; the bench only needs the role and the audit database it makes.
  const db = await prepareBenchDatabase(cluster.adminUrl, 1);
  await createWideTable(cluster.adminUrl, db, o.rows);
  console.log('starting the gateway in-process…');
  const gateway = await startInProcessGateway(db);
  cleanup.add('gateway', gateway.stop);
  cleanup.add('psql', stopRunningPsql);

  const targets = configurations(db, gateway);
  await verifyMasking(targets);
  console.log('warming up…'); // the buffer cache, the masking catalog and JIT should not land in round 1
  for (const t of targets) await timeFullFetch(t.endpoint, QUERY);

  const results = new Map<ConfigurationName, FetchTiming[]>(targets.map((t) => [t.name, []]));
  for (let round = 0; round < o.rounds; round++) {
    for (const t of targets) {
      const timing = await timeFullFetch(t.endpoint, QUERY);
      results.get(t.name)!.push(timing);
      console.log(`round ${round + 1}/${o.rounds}  ${t.name.padEnd(16)}  ${timing.seconds.toFixed(3)} s  (gateway CPU ${timing.cpuSeconds.toFixed(3)} s)`);
    }
  }
  console.log(`\n${formatMaskingReport(o, results)}`);
}

await runBench(parseOptions, USAGE, main);
