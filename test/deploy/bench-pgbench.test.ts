import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { measureLatencies, measureThroughput, type Endpoint } from '../../bench/pgbench/run-pgbench.js';
import { COMMIT_PROBE, writeDurableScript } from '../../bench/pgbench/durable-script.js';
import { median, percentile } from '../../bench/pgbench/stats.js';
import { requireBinary } from '../support/binaries.js';
import { adminQuery, createDatabase, createRole, pgTarget } from '../support/databases.js';

describe('bench/pgbench against the installed pgbench', () => {
  it('reads tps from the summary and one latency per transaction from the log', async () => {
    const database = await createDatabase('bench');
    const { host, port } = pgTarget();
    execFileSync(requireBinary('pgbench', 'postgresql'), ['-i', '-q', '-s', '1', '-h', host, '-p', String(port), '-U', 'postgres', database], { stdio: 'pipe' });
    await createRole('bench_test', 'dev-only-bench'); // superuser, so it may read the pgbench tables
    const endpoint: Endpoint = { host, port, database, user: 'bench_test', password: 'dev-only-bench' };

    const tps = await measureThroughput(endpoint, { seconds: 1, extended: true }, 2);
    expect(tps).toBeGreaterThan(10);

    const latencies = await measureLatencies(endpoint, { seconds: 1, extended: false });
    expect(latencies.length).toBeGreaterThan(10);
    for (const us of latencies) expect(Number.isInteger(us) && us > 0 && us < 1_000_000).toBe(true);
  });

  it('runs the durable reference as a select and a committed row per transaction', async () => {
    const database = await createDatabase('bench');
    const { host, port } = pgTarget();
    execFileSync(requireBinary('pgbench', 'postgresql'), ['-i', '-q', '-s', '1', '-h', host, '-p', String(port), '-U', 'postgres', database], { stdio: 'pipe' });
    await adminQuery(database, `CREATE TABLE ${COMMIT_PROBE} (aid int NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    await createRole('bench_test', 'dev-only-bench');
    const script = writeDurableScript(1);
    try {
      const endpoint: Endpoint = { host, port, database, user: 'bench_test', password: 'dev-only-bench', script: script.path };
      const tps = await measureThroughput(endpoint, { seconds: 1, extended: false }, 2);
      const [counts] = await adminQuery<{ rows: number; aids: number }>(
        database,
        `SELECT count(*)::int AS rows, count(*) FILTER (WHERE aid BETWEEN 1 AND 100000)::int AS aids FROM ${COMMIT_PROBE}`,
      );
      const { rows, aids } = counts!;
      // pgbench counts a transaction once its INSERT committed, so the table holds a row for each one.
      expect(tps).toBeGreaterThan(10);
      expect(rows).toBeGreaterThanOrEqual(Math.floor(tps * 0.9));
      expect(aids).toBe(rows);
    } finally {
      script.remove();
    }
  });

  it('reports a failing run with pgbench output rather than a number', async () => {
    const { host, port } = pgTarget();
    const endpoint: Endpoint = { host, port, database: 'postgres', user: 'nobody_here', password: 'x' };
    await expect(measureThroughput(endpoint, { seconds: 1, extended: false }, 1)).rejects.toThrow(/pgbench against .* failed/);
  });

  it('takes medians of even and odd counts and nearest-rank percentiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([], 99)).toBeNaN();
  });
});
