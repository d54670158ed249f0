import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The soft "Max open files" of this process; children (gateway, pgbouncer) inherit it. */
function softLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/**
 * Makes sure this process may open `needed` descriptors, raising its own limit with prlimit(1) when
 * allowed (up to the hard limit, or beyond it as root). Must run before the children are spawned.
 */
export function ensureFileLimit(needed: number): void {
  if (softLimit() >= needed) return;
  try {
    execFileSync('prlimit', ['--pid', String(process.pid), `--nofile=${needed}:${needed}`], { stdio: 'pipe' });
  } catch {
    // reported below
  }
  const now = softLimit();
  if (now < needed) throw new Error(`needs ${needed} open files but the limit is ${now}; raise it first (ulimit -n ${needed})`);
}
