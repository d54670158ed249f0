import { fmt, table } from '../pgbench/report.js';
import { median } from '../pgbench/stats.js';
import type { ConfigurationName } from './configurations.js';
import type { FetchTiming } from './fetch.js';
import type { MaskingBenchOptions } from './options.js';

/** The aim: masked throughput at least this share of unmasked-through-gateway. */
export const AIM = 0.5;

export type Results = ReadonlyMap<ConfigurationName, readonly FetchTiming[]>;

const medianOf = (runs: readonly FetchTiming[] | undefined, pick: (t: FetchTiming) => number) => median((runs ?? []).map(pick));

/** Throughput of `a` as a multiple of `b`'s: the inverse ratio of their median wall times. */
export function throughputRatio(results: Results, a: ConfigurationName, b: ConfigurationName): number {
  return medianOf(results.get(b), (t) => t.seconds) / medianOf(results.get(a), (t) => t.seconds);
}

export function formatMaskingReport(o: MaskingBenchOptions, results: Results): string {
  const rows = [['configuration', 'median s', 'rows/s', 's per round', 'CPU s (gateway)', 'CPU µs/row']];
  for (const [name, runs] of results) {
    const seconds = medianOf(runs, (t) => t.seconds);
    const cpu = medianOf(runs, (t) => t.cpuSeconds);
    rows.push([name, fmt(seconds, 3), fmt(o.rows / seconds), runs.map((t) => fmt(t.seconds, 3)).join(' / '), fmt(cpu, 3), fmt((cpu * 1e6) / o.rows, 2)]);
  }
  const ratio = (a: ConfigurationName, b: ConfigurationName) => `${fmt(throughputRatio(results, a, b), 3)}×`;
  const masked = throughputRatio(results, 'masked', 'gateway');
  return [
    `SELECT * FROM wide (${o.rows} rows × 10 columns) fetched in full by psql -X -A -t -o /dev/null (text format);`,
    `${o.rounds} rounds, each running direct → gateway → masked → masked+detectors, after one warm-up run of each.`,
    'CPU is this process\'s (the in-process gateway\'s) user+system time per run; for direct it is the bench\'s own idle baseline.',
    '',
    table(rows),
    '',
    `throughput  gateway (masking off) ÷ direct:       ${ratio('gateway', 'direct')}`,
    `throughput  masked ÷ gateway (masking off):       ${ratio('masked', 'gateway')}   (aim ≥ ${AIM}×)`,
    `throughput  masked+detectors ÷ gateway (off):     ${ratio('masked+detectors', 'gateway')}`,
    '',
    `verdict: masked runs at ${fmt(masked, 2)}× the unmasked gateway — aim of ≥ ${AIM}× ${masked >= AIM ? 'MET' : 'MISSED'}.`,
  ].join('\n');
}
