import { stringField, unwrap } from './ast.js';
import { parseStatements, scanTokens } from './parser.js';

export type PreparedStatementOp =
  | { readonly op: 'prepare'; readonly name: string; readonly body: string }
  | { readonly op: 'execute'; readonly name: string }
  /** `name` null means every prepared statement (DEALLOCATE ALL, DISCARD ALL). */
  | { readonly op: 'deallocate'; readonly name: string | null };

/**
 * The SQL-level PREPARE / EXECUTE / DEALLOCATE operations in a query string, in order, so the
 * gateway can track prepared statements per session. Unparseable text yields none (the server rejects it too).
 */
export function preparedStatementOps(sql: string): PreparedStatementOp[] {
  let statements;
  try {
    statements = parseStatements(sql);
  } catch {
    return [];
  }
  return statements.flatMap(({ node, text }): PreparedStatementOp[] => {
    const [type, body] = unwrap(node) ?? ['', {}];
    const name = stringField(body, 'name');
    if (type === 'PrepareStmt' && name !== undefined) {
      const prepared = textAfterAs(text);
      return prepared === undefined ? [] : [{ op: 'prepare', name, body: prepared }];
    }
    if (type === 'ExecuteStmt' && name !== undefined) return [{ op: 'execute', name }];
    if (type === 'DeallocateStmt') return [{ op: 'deallocate', name: body.isall === true ? null : (name ?? null) }];
    if (type === 'DiscardStmt' && stringField(body, 'target') === 'DISCARD_ALL') return [{ op: 'deallocate', name: null }];
    return [];
  });
}

/** "PREPARE p (int) AS body" → "body": the first AS outside the parameter type list. */
function textAfterAs(prepare: string): string | undefined {
  let depth = 0;
  for (const t of scanTokens(prepare)) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text.toUpperCase() === 'AS') {
      return Buffer.from(prepare, 'utf8').subarray(t.end).toString('utf8').trim();
    }
  }
  return undefined;
}
