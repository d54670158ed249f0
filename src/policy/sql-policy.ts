import type { PolicyConfig } from '../config/types.js';
import { combineVerdicts, type Verdict } from '../core/verdict.js';
import { LruCache } from './lru.js';
import { applyRules, type PolicyContext } from './rules.js';
import { analyzeSql } from './sql/analyze.js';
import type { StatementAnalysis } from './sql/findings.js';
import { literalShape } from './sql/literal-shape.js';
import { shapeEntry } from './sql/shape-entry.js';

export type { PolicyContext } from './rules.js';
export { loadSqlParser } from './sql/parser.js';
export { preparedStatementOps, type PreparedStatementOp } from './sql/prepared.js';
export { SQL_STATEMENT_KINDS } from './sql/statements.js';

export interface SqlPolicyOptions {
  /** How many distinct query texts keep their analysis. Default 1000. */
  readonly cacheSize?: number;
  /** The preset classifier; replaceable so tests can count how often it runs. */
  readonly analyze?: (sql: string) => readonly StatementAnalysis[];
}

// Huge texts (bulk INSERTs) would crowd the cache out and are rarely repeated verbatim.
const MAX_CACHED_TEXT = 64 * 1024;
// Shape keys share the LRU with exact texts; the prefix keeps the two apart (a shape has no control characters).
const SHAPE_KEY = '\u0000';

/**
 * The "postgres" preset plus a policy's rules. The preset analysis depends only on the text, so it
 * is cached by text, and by literal shape when no constant can change it (sql/shape-entry.ts), so
 * `… where aid = 1` and `… where aid = 2` share one parse. Rules depend on who asks and where, so they
 * are applied on every call.
 */
export class SqlPolicy {
  private readonly cache: LruCache<string, readonly StatementAnalysis[]>;
  private readonly analyze: (sql: string) => readonly StatementAnalysis[];

  constructor(
    private readonly config: PolicyConfig,
    opts: SqlPolicyOptions = {},
  ) {
    if (config.preset !== 'postgres') throw new Error(`SQL policy needs preset "postgres", got "${config.preset}"`);
    this.cache = new LruCache(opts.cacheSize ?? 1000);
    this.analyze = opts.analyze ?? analyzeSql;
  }

  /** Judge one query string (maybe many statements; the riskiest wins). Requires loadSqlParser() to have resolved. */
  judge(sql: string, ctx: PolicyContext): Verdict {
    const statements = this.analysis(sql);
    if (statements.length === 0) return { action: 'allow', reasons: [], tables: [], kinds: [] };
    return combineVerdicts(statements.map((s) => applyRules(s, this.config.rules, ctx)));
  }

  /**
   * Judge a prepared statement's execution with its bound text parameters. Parameters are values and
   * cannot change a statement's structure, and no allowlisted function reads its argument as SQL, a file
   * name or a setting to change (set_config, query_to_xml, pg_read_file… are judged by name already),
   * so the verdict is the statement's own.
   */
  judgeBind(sql: string, _params: readonly (string | null)[], ctx: PolicyContext): Verdict {
    return this.judge(sql, ctx);
  }

  /**
   * The statement's shape for "same shape" approvals: the text with its literals normalized and
   * nothing else (libpg-query's fingerprint would also merge `= 1` with `IN (1, 2, 3)`). Text the
   * literal lexer is not sure about is its own shape, so it only ever covers itself.
   */
  fingerprint(sql: string): string {
    return literalShape(sql) ?? `text:${sql}`;
  }

  private analysis(sql: string): readonly StatementAnalysis[] {
    if (sql.length > MAX_CACHED_TEXT) return this.analyze(sql);
    const cached = this.cache.get(sql);
    if (cached) return cached;
    const shape = literalShape(sql);
    const shaped = shape === null ? undefined : this.cache.get(SHAPE_KEY + shape);
    if (shaped) return shaped;
    const fresh = this.analyze(sql);
    this.cache.set(sql, fresh);
    // A text without literals to vary is its own shape: the exact entry already serves it.
    const shared = shape === null || shape === sql ? undefined : shapeEntry(fresh);
    if (shared) this.cache.set(SHAPE_KEY + shape, shared);
    return fresh;
  }
}
