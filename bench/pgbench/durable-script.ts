import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The table the durable reference commits one row to per transaction; made by prepareBenchDatabase. */
export const COMMIT_PROBE = 'commit_probe';

/**
 * pgbench's select-only transaction followed by a committed one-row INSERT, each in its own implicit
 * transaction as a gateway's select and audit commit are. `scale` is written in, since pgbench only
 * reads it from the tables for its built-in scripts.
 */
export function durableScript(scale: number): string {
  return [
    `\\set aid random(1, ${100_000 * scale})`,
    'SELECT abalance FROM pgbench_accounts WHERE aid = :aid;',
    `INSERT INTO ${COMMIT_PROBE} (aid) VALUES (:aid);`,
    '',
  ].join('\n');
}

/** Writes the script to a fresh temporary file; `remove` deletes it. */
export function writeDurableScript(scale: number): { readonly path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-durable-'));
  const path = join(dir, 'select-then-commit.sql');
  writeFileSync(path, durableScript(scale));
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
