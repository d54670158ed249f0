import { loadModule, parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';

let loading: Promise<void> | undefined;
let loaded = false;

/** Loads the WASM PostgreSQL parser once; every other function here needs it to have resolved. */
export async function loadSqlParser(): Promise<void> {
  loading ??= loadModule().then(() => {
    loaded = true;
  });
  return loading;
}

function requireLoaded(): void {
  if (!loaded) throw new Error('SQL parser not loaded: await loadSqlParser() at startup');
}

/** A node of the parse tree as libpg-query emits it: `{ NodeType: { …fields } }` or a bare field object. */
export type AstObject = Readonly<Record<string, unknown>>;

export interface RawStatement {
  /** The single-key wrapper, e.g. `{ DeleteStmt: {…} }`. */
  readonly node: AstObject;
  /** This statement's own source text. */
  readonly text: string;
}

export class SqlParseError extends Error {
  override readonly name = 'SqlParseError';
}

/** Splits and parses a query string. Throws SqlParseError on invalid SQL. */
export function parseStatements(sql: string): RawStatement[] {
  requireLoaded();
  // libpg-query rejects "" outright, while PostgreSQL answers EmptyQueryResponse.
  if (sql.trim() === '') return [];
  let tree: { stmts?: Array<{ stmt?: unknown; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = parseSync(sql);
  } catch (e) {
    throw new SqlParseError(e instanceof Error ? e.message : String(e));
  }
  // Locations are UTF-8 byte offsets; a stmt_len of 0 means "to the end".
  const bytes = Buffer.from(sql, 'utf8');
  return (tree.stmts ?? []).map((s) => {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : bytes.length;
    return { node: (s.stmt ?? {}) as AstObject, text: bytes.subarray(start, end).toString('utf8').trim() };
  });
}

/** Parses a PL/pgSQL function source (a full CREATE FUNCTION … LANGUAGE plpgsql text). */
export function parsePlpgsql(createFunctionSql: string): unknown {
  requireLoaded();
  try {
    return parsePlPgSQLSync(createFunctionSql);
  } catch (e) {
    throw new SqlParseError(e instanceof Error ? e.message : String(e));
  }
}

export interface SqlToken {
  readonly text: string;
  /** UTF-8 byte offsets into the scanned text. */
  readonly start: number;
  readonly end: number;
}

/** Lexes SQL into tokens (comments dropped). Throws SqlParseError on unterminated literals and the like. */
export function scanTokens(sql: string): SqlToken[] {
  requireLoaded();
  try {
    return scanSync(sql).tokens.map(({ text, start, end }) => ({ text, start, end }));
  } catch (e) {
    throw new SqlParseError(e instanceof Error ? e.message : String(e));
  }
}

