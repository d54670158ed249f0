import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { SqlDriver, SqlQueryable } from './sql-driver.js';

/** Embedded PostgreSQL (PGlite) in `dir`, for the demo and single-node installs. */
export async function openPgliteDriver(dir: string): Promise<SqlDriver> {
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const wrap = (q: PGlite | Transaction): SqlQueryable => ({
    query: async <R>(sql: string, params: readonly unknown[] = []) => (await q.query(sql, params as unknown[])).rows as R[],
    exec: async (sql) => void (await q.exec(sql)),
  });
  const self = wrap(db);
  return {
    ...self,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}
