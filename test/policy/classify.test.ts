import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, SqlPolicy, type PolicyContext } from '../../src/policy/sql-policy.js';
import { CASES } from './cases.js';

const ctx: PolicyContext = { identity: { name: 'devin', groups: ['agents'], source: 'token' }, connection: 'prod-db' };
let policy: SqlPolicy;

beforeAll(async () => {
  await loadSqlParser();
  policy = new SqlPolicy({ preset: 'postgres', rules: [], approvals: { timeoutMs: 60_000, quorum: 1 } });
});

describe('postgres preset', () => {
  it.each(CASES.map(([sql, action, reason]) => ({ sql, action, reason })))('$sql → $action', ({ sql, action, reason }) => {
    const verdict = policy.judge(sql, ctx);
    expect(verdict.action).toBe(action);
    if (action === 'allow') expect(verdict.reasons).toEqual([]);
    if (reason) expect(verdict.reasons.join(' | ')).toContain(reason);
  });

  it('reports the tables touched, qualified as written, and the statement kinds', () => {
    const v = policy.judge('with d as (delete from public.orders where id = 1 returning *) select * from d join users on true', ctx);
    expect(v.tables).toEqual(['public.orders', 'users']);
    expect(v.kinds).toEqual(expect.arrayContaining(['select', 'delete']));
  });

  it('treats a WITH name as a table only where the WITH does not reach', () => {
    expect(policy.judge('with orders as (select 1) select * from orders', ctx).tables).toEqual([]);
    expect(policy.judge('with a as (select * from b), b as (select 1) select * from a', ctx).tables).toEqual(['b']);
    expect(policy.judge('select * from x, (with x as (select 1) select * from x) q', ctx).tables).toEqual(['x']);
  });

  it('keeps every statement\'s reasons when a string holds several', () => {
    const v = policy.judge('delete from a; update b set x = 1; select pg_read_file(\'/etc/passwd\')', ctx);
    expect(v.action).toBe('deny');
    expect(v.reasons).toEqual(expect.arrayContaining(['DELETE without WHERE on a', 'UPDATE without WHERE on b']));
    expect(v.tables).toEqual(['a', 'b']);
  });

  it('judges bound executions like the statement itself', () => {
    expect(policy.judgeBind('select * from users where id = $1', ['1; drop table users'], ctx).action).toBe('allow');
    expect(policy.judgeBind('delete from users where id = $1', ['1'], ctx).action).toBe('review');
  });

  it('fingerprints statements by shape, ignoring constants', () => {
    expect(policy.fingerprint('select * from t where id = 1')).toBe(policy.fingerprint('select * from t where id = 42'));
    expect(policy.fingerprint('select * from t where id = 1')).not.toBe(policy.fingerprint('select * from u where id = 1'));
    // Unlike libpg-query's fingerprint, a shape never merges `= x` with an IN list.
    expect(policy.fingerprint('delete from t where id = 1')).not.toBe(policy.fingerprint('delete from t where id in (1, 2, 3)'));
    // Text the literal lexer can't vouch for only covers itself.
    expect(policy.fingerprint("select E'\\x' from t")).toBe("text:select E'\\x' from t");
  });
});
