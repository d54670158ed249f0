import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, preparedStatementOps, SqlPolicy } from '../../src/policy/sql-policy.js';

beforeAll(loadSqlParser);

describe('prepared statement tracking', () => {
  it('reports PREPARE bodies, EXECUTE and DEALLOCATE names in order', () => {
    const ops = preparedStatementOps(
      "select 1; PREPARE ins (int, text[]) AS insert into t values ($1, 'é as x'); execute ins(1, '{}'); deallocate prepare ins; DEALLOCATE ALL; discard all",
    );
    expect(ops).toEqual([
      { op: 'prepare', name: 'ins', body: "insert into t values ($1, 'é as x')" },
      { op: 'execute', name: 'ins' },
      { op: 'deallocate', name: 'ins' },
      { op: 'deallocate', name: null },
      { op: 'deallocate', name: null },
    ]);
  });

  it('reports nothing for plain or unparseable text', () => {
    expect(preparedStatementOps('select 1')).toEqual([]);
    expect(preparedStatementOps('prepare p as')).toEqual([]);
  });

  it('gives the gateway a body whose judgement matches the PREPARE', () => {
    const policy = new SqlPolicy({ preset: 'postgres', rules: [], approvals: { timeoutMs: 1, quorum: 1 } });
    const ctx = { identity: { name: 'devin', groups: [], source: 'token' as const }, connection: 'prod-db' };
    const [prepare] = preparedStatementOps('prepare d as /* x */ delete from orders');
    expect(prepare?.op === 'prepare' && policy.judge(prepare.body, ctx).reasons).toEqual(['DELETE without WHERE on orders']);
  });
});
