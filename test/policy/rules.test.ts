import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../src/config/types.js';
import { nameMatches } from '../../src/policy/rules.js';
import { analyzeSql } from '../../src/policy/sql/analyze.js';
import { loadSqlParser, SqlPolicy, type PolicyContext } from '../../src/policy/sql-policy.js';

const agent: PolicyContext = { identity: { name: 'devin', groups: ['agents'], source: 'token' }, connection: 'prod-db' };
const dba: PolicyContext = { identity: { name: 'alice@example.com', groups: ['dba'], source: 'oidc' }, connection: 'prod-db' };

function policy(rules: PolicyRule[], cacheSize?: number, analyze = analyzeSql): SqlPolicy {
  return new SqlPolicy({ preset: 'postgres', rules, approvals: { timeoutMs: 60_000, quorum: 1 } }, { cacheSize, analyze });
}

beforeAll(loadSqlParser);

describe('policy rules', () => {
  it('matches tables by glob, and bare names in any schema', () => {
    const p = policy([
      { name: 'audit-readonly', match: { tables: ['audit.*'] }, action: 'deny', reason: 'the audit schema is off limits' },
      { name: 'payments', match: { tables: ['payments'] }, action: 'review' },
    ]);
    const audit = p.judge('select * from audit.log', agent);
    expect(audit).toMatchObject({ action: 'deny', rule: 'audit-readonly', reasons: ['the audit schema is off limits'] });
    expect(p.judge('select * from AUDIT.Events', agent).action).toBe('deny');
    // A bare name's schema depends on search_path, so a schema glob cannot claim it.
    expect(p.judge('select * from log', agent).action).toBe('allow');
    expect(p.judge('select * from billing.payments', agent)).toMatchObject({ action: 'review', rule: 'payments' });
    expect(p.judge('select * from payments', agent).action).toBe('review');
    expect(p.judge('select * from payments_archive', agent).action).toBe('allow');
    expect(p.judge('select * from users where id in (select user_id from payments)', agent).action).toBe('review');
  });

  it('matches identity groups, names, connections, kinds and functions', () => {
    const p = policy([
      { name: 'dba-writes', match: { groups: ['dba'], kinds: ['insert', 'update'] }, action: 'allow' },
      { name: 'ci-conn', match: { connections: ['staging'] }, action: 'allow' },
      { name: 'reports', match: { functions: ['reporting.*'], identities: ['devin'] }, action: 'allow' },
    ]);
    expect(p.judge('update users set a = 1 where id = 2', dba)).toMatchObject({ action: 'allow', rule: 'dba-writes' });
    expect(p.judge('update users set a = 1 where id = 2', agent).action).toBe('review');
    expect(p.judge('delete from users where id = 2', dba).action).toBe('review');
    expect(p.judge('delete from users where id = 2', { ...agent, connection: 'staging' }).action).toBe('allow');
    expect(p.judge('select reporting.monthly()', agent)).toMatchObject({ action: 'allow', rule: 'reports' });
    expect(p.judge('select reporting.monthly()', dba).action).toBe('review');
  });

  it('lets the first matching rule decide', () => {
    const p = policy([
      { name: 'first', match: { tables: ['orders'] }, action: 'review', reason: 'orders are sensitive' },
      { name: 'second', match: { groups: ['agents'] }, action: 'allow' },
    ]);
    expect(p.judge('select * from orders', agent)).toMatchObject({ action: 'review', rule: 'first', reasons: ['orders are sensitive'] });
    expect(p.judge('delete from users where id = 1', agent)).toMatchObject({ action: 'allow', rule: 'second' });
  });

  it('never relaxes a blocked statement, nor what could not be read', () => {
    const p = policy([{ name: 'trust-dba', match: { groups: ['dba'] }, action: 'allow' }]);
    const denied = p.judge("select pg_read_file('/etc/passwd')", dba);
    expect(denied.action).toBe('deny');
    expect(denied.rule).toBeUndefined();
    expect(denied.reasons.join(' ')).toContain('trust-dba cannot relax this');
    expect(p.judge('SET standard_conforming_strings = off', dba).action).toBe('deny');
    expect(p.judge('select 1 from', dba).action).toBe('review');
    expect(p.judge('execute p', dba).action).toBe('review');
    expect(p.judge("do $$ begin execute 'select 1'; end $$", dba).action).toBe('review');
    expect(p.judge('drop table users', dba).action).toBe('allow');
  });

  it('combines statements after rules, so one relaxed statement cannot hide another', () => {
    const p = policy([{ name: 'orders-ok', match: { tables: ['orders'] }, action: 'allow' }]);
    const v = p.judge('delete from orders where id = 1; delete from users', agent);
    expect(v.action).toBe('review');
    expect(v.reasons).toContain('DELETE without WHERE on users');
  });

  it('globs stay within one name part', () => {
    expect(nameMatches('audit.*', 'audit.log')).toBe(true);
    expect(nameMatches('audit.*', 'db.audit.log')).toBe(true);
    expect(nameMatches('*', 'public.orders')).toBe(true);
    expect(nameMatches('pay*', 'billing.payments')).toBe(true);
    expect(nameMatches('audit.*', 'auditx.log')).toBe(false);
    expect(nameMatches('a.b', 'b')).toBe(false);
  });

  it('rejects presets it does not implement', () => {
    expect(() => new SqlPolicy({ preset: 'shell', rules: [], approvals: { timeoutMs: 1, quorum: 1 } })).toThrow(/preset "postgres"/);
  });
});

describe('verdict cache', () => {
  it('analyses a text once, yet applies rules per caller on every judgement', () => {
    const analysed: string[] = [];
    const counting = (sql: string) => {
      analysed.push(sql);
      return analyzeSql(sql);
    };
    const p = policy([{ name: 'dba', match: { groups: ['dba'] }, action: 'allow' }], 2, counting);
    const sql = 'update users set a = 1 where id = 7';
    expect(p.judge(sql, agent).action).toBe('review');
    expect(p.judge(sql, dba).action).toBe('allow');
    expect(p.judge(sql, agent).action).toBe('review');
    expect(analysed).toEqual([sql]);
  });

  it('forgets the least recently used text beyond its size', () => {
    const analysed: string[] = [];
    const p = policy([], 2, (sql) => (analysed.push(sql), analyzeSql(sql)));
    // Texts without literals, so the literal-shape entries stay out of the way.
    for (const sql of ['select a', 'select b', 'select a', 'select c', 'select a', 'select b']) p.judge(sql, agent);
    // "select b" was evicted by "select c" since "select a" had been used more recently.
    expect(analysed).toEqual(['select a', 'select b', 'select c', 'select b']);
  });
});
