import { describe, expect, it } from 'vitest';
import { ColumnRules } from '../../src/masking/column-rules.js';

const rules = new ColumnRules([
  { pattern: '*.password', style: 'redact' },
  { pattern: 'users.email', style: 'pseudonym' },
  { pattern: 'billing.cards.*', style: 'partial' },
  { pattern: 'users.e*', style: 'redact' },
]);
const at = (schema: string, table: string, column: string) => rules.styleFor({ schema, table, column });

describe('ColumnRules', () => {
  it('matches table.column in any schema, schema.table.column only in its schema, with * globs', () => {
    expect(at('public', 'accounts', 'password')).toBe('redact');
    expect(at('crm', 'users', 'email')).toBe('pseudonym');
    expect(at('billing', 'cards', 'number')).toBe('partial');
    expect(at('public', 'cards', 'number')).toBeUndefined();
    expect(at('public', 'users', 'name')).toBeUndefined();
  });

  it('lets the first matching rule decide', () => {
    expect(at('public', 'users', 'email')).toBe('pseudonym');
    expect(at('public', 'users', 'employer')).toBe('redact');
  });

  it('treats regex characters in names literally', () => {
    const odd = new ColumnRules([{ pattern: 'a+b.c.d', style: 'redact' }]);
    expect(odd.styleFor({ schema: 'a+b', table: 'c', column: 'd' })).toBe('redact');
    expect(odd.styleFor({ schema: 'aab', table: 'c', column: 'd' })).toBeUndefined();
  });

  it('lists the column globs a catalog query narrows by', () => {
    expect(rules.columnGlobs).toEqual(['password', 'email', '*', 'e*']);
  });
});
