import pg from 'pg';
import type { Logger } from '../util/log.js';
import type { SqlDriver, SqlQueryable } from './sql-driver.js';

/** A small pg Pool. The URL may hold a password, so it is never logged or put in an error. */
export function openPgDriver(url: string, opts: { connectTimeoutMs: number; log: Logger }): SqlDriver {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: opts.connectTimeoutMs, idleTimeoutMillis: 30_000 });
  // An idle client dying (database restart) is expected during an outage; without a listener it would crash the process.
  pool.on('error', (err) => opts.log.warn('audit database connection lost', { error: err.message }));
  return {
    async query<R>(sql: string, params: readonly unknown[] = [], name?: string) {
      const res = await pool.query({ text: sql, values: params as unknown[], ...(name ? { name } : {}) });
      return res.rows as R[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      const tx: SqlQueryable = {
        query: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
        exec: async (sql) => void (await client.query(sql)),
      };
      try {
        await client.query('BEGIN');
        const out = await fn(tx);
        await client.query('COMMIT');
        client.release();
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(true);
        throw err;
      }
    },
    close: () => pool.end(),
  };
}
