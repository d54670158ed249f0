import { beforeAll, describe, expect, it } from 'vitest';
import { explainText, ONLY_DML } from '../../src/gateway/postgres/impact/explain-text.js';
import { loadSqlParser } from '../../src/policy/sql/parser.js';

beforeAll(() => loadSqlParser());

describe('which statements get an EXPLAIN, and which text runs', () => {
  it('prefixes a single DML statement with our own options, comments and all', () => {
    expect(explainText("DELETE FROM orders WHERE status = 'refunded'")).toEqual({
      sql: "EXPLAIN (VERBOSE, FORMAT JSON) DELETE FROM orders WHERE status = 'refunded'",
    });
    expect(explainText('/* cleanup */ UPDATE orders SET status = 1 -- all of them')).toEqual({
      sql: 'EXPLAIN (VERBOSE, FORMAT JSON) /* cleanup */ UPDATE orders SET status = 1 -- all of them',
    });
    for (const sql of ['INSERT INTO t VALUES (1)', 'MERGE INTO a USING b ON true WHEN MATCHED THEN DELETE', 'WITH d AS (DELETE FROM t RETURNING 1) SELECT count(*) FROM d', 'SELECT f()']) {
      expect(explainText(sql)).toHaveProperty('sql');
    }
  });

  it('declines several statements, DDL, utility statements and EXPLAIN itself', () => {
    for (const sql of [
      'DELETE FROM a; DELETE FROM b',
      'DROP TABLE orders',
      'TRUNCATE orders',
      "COPY orders TO PROGRAM 'true'",
      'DO $$ BEGIN DELETE FROM orders; END $$',
      'CALL purge()',
      'EXPLAIN ANALYZE DELETE FROM orders',
      'EXPLAIN (ANALYZE) DELETE FROM orders',
      '',
    ]) {
      expect(explainText(sql), sql).toEqual({ unknown: ONLY_DML });
    }
  });

  it('declines statements with placeholders and text that does not parse', () => {
    expect(explainText('DELETE FROM orders WHERE id = $1')).toEqual({ unknown: 'statement has parameters' });
    expect(explainText("DELETE FROM orders WHERE note = '$1'")).toHaveProperty('sql');
    expect(explainText('DELETE FROM WHERE')).toEqual({ unknown: 'the statement does not parse' });
  });
});
