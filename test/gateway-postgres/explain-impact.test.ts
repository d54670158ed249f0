import { describe, expect, it } from 'vitest';
import { describeImpact, isKnownImpact } from '../../src/gateway/postgres/impact/explain-impact.js';
import { PLANS } from './explain-plans.js';

const impactOf = (plan: string) => describeImpact(JSON.parse(plan));

describe('impact text from EXPLAIN (VERBOSE, FORMAT JSON)', () => {
  it('names the operation, the schema-qualified table and the rows the write processes', () => {
    expect(impactOf(PLANS.delete)).toBe('DELETE on public.orders, ~1,250 rows');
    expect(impactOf(PLANS.update)).toBe('UPDATE on public.orders, ~1 row');
    expect(impactOf(PLANS.insertValues)).toBe('INSERT into public.orders, ~1 row');
    expect(impactOf(PLANS.merge)).toBe('MERGE into public.order_archive, ~5,000 rows');
  });

  it('lists every table a writable CTE touches', () => {
    expect(impactOf(PLANS.writableCtes)).toBe('INSERT into public.order_archive, ~1,250 rows; DELETE on public.orders, ~1,250 rows');
  });

  it('reports a partitioned table under its own name, with the rows of all its partitions', () => {
    expect(impactOf(PLANS.partitioned)).toBe('DELETE on billing.events, ~1,900 rows');
  });

  it('has nothing to say about a plan that writes no table itself', () => {
    expect(impactOf(PLANS.functionCall)).toBeNull();
  });

  it('refuses output that is not a plan', () => {
    expect(() => describeImpact(null)).toThrow('unexpected EXPLAIN output');
    expect(() => describeImpact([{ NotAPlan: {} }])).toThrow('unexpected EXPLAIN output');
  });

  it('tells estimates from unknowns', () => {
    expect(isKnownImpact('DELETE on public.orders, ~3 rows')).toBe(true);
    expect(isKnownImpact('impact unknown: statement has parameters')).toBe(false);
    expect(isKnownImpact(null)).toBe(false);
  });
});
