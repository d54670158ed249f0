import fc from 'fast-check';
import { scanSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../src/config/types.js';
import { analyzeSql } from '../../src/policy/sql/analyze.js';
import { literalShape, literalSpans, type LiteralKind, type LiteralSpan } from '../../src/policy/sql/literal-shape.js';
import { loadSqlParser, SqlPolicy, type PolicyContext } from '../../src/policy/sql-policy.js';
import { CASES } from './cases.js';

const ctx: PolicyContext = { identity: { name: 'devin', groups: ['agents'], source: 'token' }, connection: 'prod-db' };
// Rules on facts the shape cache shares (tables, functions, kinds), so they must keep matching per call.
const RULES: PolicyRule[] = [
  { name: 'orders-reads', match: { tables: ['orders'], kinds: ['select'] }, action: 'review' },
  { name: 'sleepers', match: { functions: ['pg_sleep'] }, action: 'deny' },
];

function policy(cacheSize?: number, analyze = analyzeSql): SqlPolicy {
  return new SqlPolicy({ preset: 'postgres', rules: RULES, approvals: { timeoutMs: 60_000, quorum: 1 } }, { cacheSize, analyze });
}

beforeAll(loadSqlParser);

describe('literalShape', () => {
  it.each<[string, string | null]>([
    ['SELECT abalance FROM pgbench_accounts WHERE aid = 48213;', 'SELECT abalance FROM pgbench_accounts WHERE aid = 0;'],
    ["select * from t where a = 'x' and b >= 1.5 and c<>-7", "select * from t where a = '' and b >= 0.0 and c<>-0"],
    ['SELECT .5e-3, 1e10, 1.e5, 1., 3E+2', 'SELECT 0.0, 0.0, 0.0, 0.0, 0.0'],
    // ICONST and FCONST stay apart: timestamp(3) parses, timestamp(3.5) does not.
    ['select 2147483647, 2147483648, 0002147483647', 'select 0, 0.0, 0'],
    ['select x1, t_2, a.b::int[]', 'select x1, t_2, a.b::int[]'],
    ["select 'it''s', ''''", "select '', ''"],
    // A string continued after a newline is one literal; on the same line it is two (a syntax error).
    ["SELECT 'a'\n'b'", "SELECT ''"],
    ["SELECT 'a' \r\n  'b', 'c'", "SELECT '', ''"],
    ["SELECT 'a' 'b'", "SELECT '' ''"],
    ["select '-- not /* a comment'", "select ''"],
    ['  SeLeCt\t1\r\n', '  SeLeCt\t0\r\n'],
    ['SELECT 1abc', null],
    ['select 1e', null],
    ['select 1e+', null],
    ['select 0x1F', null],
    ['select 1_000', null],
    ['select 1..2', null],
    ['select 1.5.3', null],
    ['select t.5', null],
    ['select 1::float(10)', null],
    ["select E'\\n'", null],
    ["select e'x'", null],
    ["select B'101', X'1F', N'x'", null],
    ["select U&'d\\0061t'", null],
    ["select U&'dat'", null],
    ["select 1'x'", null],
    ["select 'a\\b'", null],
    ['select $$a$$', null],
    ['select $tag$a$tag$', null],
    ['select * from t where id = $1', null],
    ['select a$b from t', null],
    ['select "Col" from t', null],
    ['select 1 -- comment', null],
    ['select /* c */ 1', null],
    ["select 'unterminated", null],
    ["select 'a''", null],
    ['select 1\f', null],
    ["select '\u0001'", null],
    ['select 1 \u00a0', null],
    ["select 'café'", null],
  ])('%j → %j', (sql, shape) => {
    expect(literalShape(sql)).toBe(shape);
  });
});

// Texts built from whitespace-separated tokens, so every token lexes on its own.
const WORDS = ['select', 'SELECT', 'from', 'users', 't_2', 'x1', 'a', '=', '<>', '+', '-', '*', '/', '(', ')', ',', '::', ';', '.', '[', ']', '%'];
const SPACES = [' ', '  ', '\n', '\t', '\r\n'];
type Item = { readonly word: string } | { readonly literal: LiteralKind };

const literalValue: Record<LiteralKind, fc.Arbitrary<string>> = {
  integer: fc.integer({ min: 0, max: 2_147_483_647 }).map(String),
  float: fc.oneof(
    fc.constantFrom('1.5', '.5e-3', '2147483648', '99999999999999999999', '0.0', '3e10', '1.', '7E-2'),
    fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => `${a}.${b}`),
  ),
  string: fc.oneof(
    fc.constantFrom("'SJIS'", "'UTF8'", "'/etc/passwd'", "'off'", "''", "'it''s'", "'-- /* $$ \" ;'"),
    fc.string({ unit: fc.integer({ min: 32, max: 126 }).map((c) => String.fromCharCode(c)) })
      .filter((s) => !s.includes('\\'))
      .map((s) => `'${s.replaceAll("'", "''")}'`),
  ),
};

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.constantFrom(...WORDS).map((word) => ({ word })),
  fc.constantFrom<LiteralKind>('integer', 'float', 'string').map((literal) => ({ literal })),
);
const skeleton = fc.array(fc.tuple(item, fc.constantFrom(...SPACES)), { minLength: 1, maxLength: 12 });

function values(items: readonly (readonly [Item, string])[]): fc.Arbitrary<string[]> {
  return fc.tuple(...items.map(([i]) => ('word' in i ? fc.constant(i.word) : literalValue[i.literal])));
}

function render(items: readonly (readonly [Item, string])[], texts: readonly string[]): string {
  return items.map(([, space], n) => `${texts[n] ?? ''}${space}`).join('');
}

describe('literalShape properties', () => {
  it('gives texts differing only in literal values one shape', () => {
    const pair = skeleton.chain((items) => fc.tuple(fc.constant(items), values(items), values(items)));
    fc.assert(
      fc.property(pair, ([items, a, b]) => {
        const shape = literalShape(render(items, a));
        expect(shape).not.toBeNull();
        expect(literalShape(render(items, b))).toBe(shape);
      }),
    );
  });

  it('gives texts differing in any other token different shapes', () => {
    const mutated = skeleton
      .filter((items) => items.some(([i]) => 'word' in i))
      .chain((items) => fc.tuple(fc.constant(items), values(items), fc.nat(), fc.constantFrom(...WORDS)));
    fc.assert(
      fc.property(mutated, ([items, texts, pick, word]) => {
        const words = items.flatMap(([i], n) => ('word' in i ? [n] : []));
        const at = words[pick % words.length] ?? 0;
        fc.pre(texts[at] !== word);
        const changed = texts.map((t, n) => (n === at ? word : t));
        expect(literalShape(render(items, changed))).not.toBe(literalShape(render(items, texts)));
      }),
    );
  });

  it('finds exactly the literals PostgreSQL scans, whenever it answers', () => {
    const chars = ['a', 'e', 'E', 'x', 'U', '_', '0', '1', '9', '.', "'", "''", '"', '$', '\\', '-', '/', '*', '+', '&', '(', ')', ';', ':', ' ', '\n', '\t'];
    const text = fc.oneof(
      fc.array(fc.constantFrom(...chars)).map((parts) => parts.join('')),
      skeleton.chain((items) => values(items).map((texts) => render(items, texts))),
    );
    fc.assert(
      fc.property(text, (sql) => {
        const spans = literalSpans(sql);
        if (spans !== null) expect(spans).toEqual(scannedLiterals(sql));
      }),
      { numRuns: 2000 },
    );
    for (const [sql] of CASES) {
      const spans = literalSpans(sql);
      if (spans !== null) expect(spans).toEqual(scannedLiterals(sql));
    }
  });
});

const SCANNED: Readonly<Record<string, LiteralKind>> = { ICONST: 'integer', FCONST: 'float', SCONST: 'string' };
const OTHER_LITERALS = new Set(['BCONST', 'XCONST', 'USCONST', 'UIDENT', 'PARAM', 'SQL_COMMENT', 'C_COMMENT']);

/** PostgreSQL's own scanner's literals (its offsets are UTF-8 bytes, the same as ours for ASCII text). */
function scannedLiterals(sql: string): LiteralSpan[] {
  if (sql === '') return []; // libpg-query refuses to scan nothing
  return scanSync(sql).tokens.flatMap(({ start, end, tokenName }) => {
    const kind = SCANNED[tokenName];
    if (OTHER_LITERALS.has(tokenName)) throw new Error(`scanned ${tokenName} in ${JSON.stringify(sql)}`);
    return kind ? [{ start, end, kind }] : [];
  });
}

/** `sql` with each literal replaced by the value of the same class at the same index. */
function substitute(sql: string, spans: readonly LiteralSpan[], replacements: readonly string[]): string {
  let out = '';
  let at = 0;
  spans.forEach(({ start, end }, n) => {
    out += sql.slice(at, start) + (replacements[n] ?? '');
    at = end;
  });
  return out + sql.slice(at);
}

describe('verdicts through the shape cache', () => {
  const uncached = policy(0);
  const shared = policy(10_000);

  it.each(CASES.map(([sql]) => sql))('equal fresh verdicts for %j with other literals, in either order', (sql) => {
    const spans = literalSpans(sql) ?? [];
    const variants = fc.tuple(...spans.map((s) => literalValue[s.kind]));
    fc.assert(
      fc.property(variants, (replacements) => {
        const other = substitute(sql, spans, replacements);
        for (const order of [[sql, other], [other, sql]]) {
          const p = policy();
          for (const text of order) {
            const fresh = uncached.judge(text, ctx);
            expect(p.judge(text, ctx)).toEqual(fresh);
            expect(shared.judge(text, ctx)).toEqual(fresh);
          }
        }
      }),
      { numRuns: spans.length ? 25 : 1 },
    );
  });

  it.each([
    ["set client_encoding = 'UTF8'", "set client_encoding = 'SJIS'"],
    ["select 1; set client_encoding = 'UTF8'", "select 1; set client_encoding = 'SJIS'"],
    // 00 rather than 0, which is its own shape and so never stored under it.
    ['explain (analyze 00) delete from orders', 'explain (analyze 1) delete from orders'],
    ["explain (analyze 'off') delete from orders", "explain (analyze 'on') delete from orders"],
    ['set default_transaction_read_only = 1', 'set default_transaction_read_only = 0'],
    ["copy (select 1) to stdout with (format 'csv')", "copy (select 1) to stdout with (format 'binary')"],
    ['select now()::timestamp(3)', 'select now()::timestamp(3.5)'],
    ['select 1::float(10)', 'select 1::float(0)'],
    ['select * from users where id = 1', 'select * from users where id = 2'],
  ])('keeps %j and %j apart when their verdicts differ', (safe, risky) => {
    for (const order of [[safe, risky], [risky, safe]]) {
      const p = policy();
      for (const text of order) expect(p.judge(text, ctx)).toEqual(uncached.judge(text, ctx));
    }
  });

  it('still denies SJIS after caching UTF8', () => {
    const p = policy();
    expect(p.judge("SET client_encoding = 'UTF8'", ctx).action).toBe('allow');
    expect(p.judge("SET client_encoding = 'SJIS'", ctx).action).toBe('deny');
  });

  it('parses once for a thousand pgbench statements with different aids', () => {
    const analysed: string[] = [];
    const p = policy(undefined, (sql) => (analysed.push(sql), analyzeSql(sql)));
    for (let aid = 1; aid <= 1000; aid++) {
      expect(p.judge(`SELECT abalance FROM pgbench_accounts WHERE aid = ${aid * 97};`, ctx).action).toBe('allow');
    }
    expect(analysed).toHaveLength(1);
  });
});
