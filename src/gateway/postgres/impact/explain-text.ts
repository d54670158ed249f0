import { asArray, defElems, isObject, unwrap } from '../../../policy/sql/ast.js';
import { parseStatements, SqlParseError } from '../../../policy/sql/parser.js';

/** The statement kinds whose plan shows what they write. */
const EXPLAINABLE = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

/** Options we add ourselves; anything else (ANALYZE above all, which executes) must never get through. */
const PREFIX = 'EXPLAIN (VERBOSE, FORMAT JSON) ';
const ALLOWED_OPTIONS = new Set(['verbose', 'format']);

export const ONLY_DML = 'only single DML statements can be estimated';

export type ExplainText = { readonly sql: string } | { readonly unknown: string };

function hasParamRef(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasParamRef);
  if (!isObject(value)) return false;
  return 'ParamRef' in value || Object.values(value).some(hasParamRef);
}

/**
 * The EXPLAIN to run for an agent's statement, or why there is none. The statement must be one
 * explainable DML statement without placeholders; the composed text is parsed again to make sure it
 * is exactly one EXPLAIN with only our options, whatever comments or quoting the agent's text holds.
 */
export function explainText(sql: string): ExplainText {
  try {
    const stmts = parseStatements(sql);
    const kind = stmts.length === 1 ? unwrap(stmts[0]!.node) : undefined;
    if (!kind || !EXPLAINABLE.has(kind[0])) return { unknown: ONLY_DML };
    if (hasParamRef(kind[1])) return { unknown: 'statement has parameters' };
    const explain = `${PREFIX}${sql}`;
    const composed = parseStatements(explain);
    const top = composed.length === 1 ? unwrap(composed[0]!.node) : undefined;
    const options = top?.[0] === 'ExplainStmt' ? [...defElems(top[1].options).keys()] : undefined;
    if (!options || options.length !== asArray(top?.[1].options).length || !options.every((o) => ALLOWED_OPTIONS.has(o))) {
      return { unknown: ONLY_DML };
    }
    return { sql: explain };
  } catch (err) {
    if (err instanceof SqlParseError) return { unknown: 'the statement does not parse' };
    throw err;
  }
}
