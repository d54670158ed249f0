import type { BenchOptions, Target } from './options.js';
import { median, percentile } from './stats.js';

export interface TargetResults {
  /** tps of each round, in round order. */
  readonly tps: number[];
  /** Single-client transaction latencies in µs, all rounds pooled. */
  readonly latenciesUs: number[];
}

export const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const ms = (us: number): string => fmt(us / 1000, 3);

/** Left-aligned first column, right-aligned figures. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

/** The summary: median tps per target, ratios against pgbouncer and direct, single-client latency and its overhead. */
export function formatReport(options: BenchOptions, results: ReadonlyMap<Target, TargetResults>): string {
  const medians = new Map([...results].map(([t, r]) => [t, median(r.tps)]));
  const p50 = new Map([...results].map(([t, r]) => [t, percentile(r.latenciesUs, 50)]));
  const p99 = new Map([...results].map(([t, r]) => [t, percentile(r.latenciesUs, 99)]));
  const direct = (m: Map<Target, number>) => m.get('direct') ?? Number.NaN;
  const rows = [['target', 'median tps', 'tps per round', 'p50 ms', 'p99 ms', 'p50 +ms vs direct', 'p99 +ms vs direct']];
  for (const [target, r] of results) {
    rows.push([
      target,
      fmt(medians.get(target)!),
      r.tps.map((t) => fmt(t)).join(' / '),
      ms(p50.get(target)!),
      ms(p99.get(target)!),
      target === 'direct' ? '' : ms(p50.get(target)! - direct(p50)),
      target === 'direct' ? '' : ms(p99.get(target)! - direct(p99)),
    ]);
  }
  const ratio = (a: Target, b: Target) =>
    results.has(a) && results.has(b) ? [`${a}/${b} tps: ${fmt(medians.get(a)! / medians.get(b)!, 3)}`] : [];
  const header =
    `pgbench -S -M ${options.extended ? 'extended' : 'simple'}, ${options.clients} clients (-j 2), ${options.seconds}s x ${options.rounds} rounds, ` +
    `gateway audit ${options.audit} (durability: ${options.durability}); ` +
    `latency: 1 client, ${options.seconds}s x ${options.rounds} rounds`;
  const durable = results.has('durable') ? ['durable: direct, each select followed by a committed one-row INSERT (pgbench -f)'] : [];
  const ratios = [
    ...ratio('gateway', 'pgbouncer'),
    ...ratio('gateway', 'direct'),
    ...ratio('pgbouncer', 'direct'),
    ...ratio('durable', 'pgbouncer'),
    ...ratio('gateway', 'durable'),
  ];
  return [header, ...durable, '', table(rows), '', ...ratios].join('\n');
}
