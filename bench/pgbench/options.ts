import { parseArgs } from 'node:util';

/**
 * `durable` is the direct connection running, after each select, a one-row INSERT that commits: what
 * making every statement durable costs on this machine with no proxy at all.
 */
export const TARGETS = ['direct', 'pgbouncer', 'durable', 'gateway'] as const;
export type Target = (typeof TARGETS)[number];

export interface BenchOptions {
  readonly seconds: number;
  readonly clients: number;
  readonly rounds: number;
  readonly scale: number;
  readonly targets: readonly Target[];
  /** pgbench -M extended (Parse/Bind/Execute per statement) instead of simple queries. */
  readonly extended: boolean;
  /** Where the gateway writes its audit trail: a database on the bench cluster, or embedded PGlite. */
  readonly audit: 'postgres' | 'embedded';
  /** audit.durability: commit each cycle's events to the database, or fsync them to the local spool first. */
  readonly durability: 'database' | 'spool';
}

export const USAGE = `usage: npx tsx bench/pgbench.ts [--seconds N] [--clients N] [--rounds N] [--scale N]
                               [--targets direct,pgbouncer,durable,gateway] [--extended] [--audit postgres|embedded]
                               [--durability database|spool]`;

/** A `--name N` flag's value as a whole number of at least 1; the error names the flag. */
export function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string', default: '10' },
      clients: { type: 'string', default: '8' },
      rounds: { type: 'string', default: '3' },
      scale: { type: 'string', default: '10' },
      targets: { type: 'string', default: TARGETS.join(',') },
      extended: { type: 'boolean', default: false },
      audit: { type: 'string', default: 'postgres' },
      durability: { type: 'string', default: 'database' },
    },
    strict: true,
  });
  const targets = values.targets.split(',').map((t) => t.trim());
  const unknown = targets.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length || targets.length === 0) throw new Error(`--targets takes a list of ${TARGETS.join(', ')}; got "${values.targets}"`);
  if (values.audit !== 'postgres' && values.audit !== 'embedded') throw new Error(`--audit must be postgres or embedded, got "${values.audit}"`);
  if (values.durability !== 'database' && values.durability !== 'spool') throw new Error(`--durability must be database or spool, got "${values.durability}"`);
  return {
    seconds: positive('seconds', values.seconds),
    clients: positive('clients', values.clients),
    rounds: positive('rounds', values.rounds),
    scale: positive('scale', values.scale),
    targets: [...new Set(targets)] as Target[],
    extended: values.extended,
    audit: values.audit,
    durability: values.durability,
  };
}
