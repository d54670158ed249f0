import { parseArgs } from 'node:util';

export interface MaskingBenchOptions {
  /** Rows in the `wide` table, each fetched in full by every run. */
  readonly rows: number;
  /** Timed passes over all configurations (one run of each per pass). */
  readonly rounds: number;
}

export const USAGE = 'usage: node --import tsx bench/masking-throughput.ts [--rows 200000] [--rounds 3]';

function atLeastOne(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} takes a whole number of at least 1, got "${text}"`);
  return n;
}

export function parseOptions(argv: string[]): MaskingBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '200000' },
      rounds: { type: 'string', default: '3' },
    },
    strict: true,
  });
  return { rows: atLeastOne('rows', values.rows), rounds: atLeastOne('rounds', values.rounds) };
}
