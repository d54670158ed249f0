import { parseArgs } from 'node:util';
import { positive } from '../pgbench/options.js';

export interface MaskingBenchOptions {
  /** Rows in the `wide` table, each fetched in full by every run. */
  readonly rows: number;
  /** Timed passes over all configurations (one run of each per pass). */
  readonly rounds: number;
}

export const USAGE = 'usage: node --import tsx bench/masking-throughput.ts [--rows 200000] [--rounds 3]';

export function parseOptions(argv: string[]): MaskingBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '200000' },
      rounds: { type: 'string', default: '3' },
    },
    strict: true,
  });
  return { rows: positive('rows', values.rows), rounds: positive('rounds', values.rounds) };
}
