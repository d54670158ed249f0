import { beforeAll, describe, expect, it } from 'vitest';
import { StatementJudge } from '../../src/gateway/postgres/statement-judge.js';
import { loadSqlParser, preparedStatementOps, SqlPolicy } from '../../src/policy/sql-policy.js';

beforeAll(loadSqlParser);

function sessionJudge(): StatementJudge {
  const policy = new SqlPolicy({ preset: 'postgres', rules: [], approvals: { timeoutMs: 1, quorum: 1 } });
  const ctx = { identity: { name: 'devin', groups: [], source: 'token' as const }, connection: 'prod-db' };
  return new StatementJudge({
    judge: (sql) => policy.judge(sql, ctx),
    judgeBind: (sql, params) => policy.judgeBind(sql, params, ctx),
    preparedOps: preparedStatementOps,
    fingerprint: (sql) => policy.fingerprint(sql),
  });
}

describe('one session judging prepared statements', () => {
  it('binds a protocol statement by the text it was parsed with', () => {
    const j = sessionJudge();
    expect(j.parse('s1', 'SELECT 1').action).toBe('allow');
    expect(j.bind('', 's1', []).action).toBe('allow');
    expect(j.execute('')?.text).toBe('SELECT 1');
  });

  it('does not bind a name SQL replaced by its parse-time judgement, even if a reviewer let the PREPARE run', () => {
    const j = sessionJudge();
    expect(j.parse('swap', 'SELECT 1').action).toBe('allow');
    j.query('DEALLOCATE swap');
    // Held for review; suppose a reviewer approved the PREPARE and the server now runs a DELETE under "swap".
    expect(j.query('PREPARE swap AS DELETE FROM victims').action).toBe('review');
    const bound = j.bind('', 'swap', []);
    expect(bound.action).toBe('review');
    expect(bound.reasons).toEqual(['binds statement "swap" that the gateway has not seen prepared']);
    expect(j.execute('')).toBeUndefined();
  });

  it('forgets every protocol statement on DEALLOCATE ALL', () => {
    const j = sessionJudge();
    j.parse('a', 'SELECT 1');
    j.parse('b', 'SELECT 2');
    j.query('DEALLOCATE ALL');
    expect(j.bind('', 'a', []).action).toBe('review');
    expect(j.bind('', 'b', []).action).toBe('review');
  });
});
