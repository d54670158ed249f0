import { defElems, constantText, isObject } from './ast.js';
import type { FactsBuilder } from './facts.js';
import type { StatementAnalysis } from './findings.js';
import { parsePlpgsql, scanTokens, SqlParseError, type AstObject } from './parser.js';

/** Classifies a standalone SQL text; injected to keep this module free of the dispatcher. */
export type AnalyzeSql = (sql: string) => readonly StatementAnalysis[];

// PLpgSQL_expr.parseMode values (RawParseMode in PostgreSQL's parser.h).
const FULL_STATEMENT = 0;
const EXPRESSION = 2;

/** Judges a DO block by classifying every SQL statement and expression its PL/pgSQL body embeds. */
export function judgeDoBlock(body: AstObject, facts: FactsBuilder, analyze: AnalyzeSql): void {
  facts.kind('do');
  const options = defElems(body.args);
  const language = (constantText(options.get('language')) ?? 'plpgsql').toLowerCase();
  if (language !== 'plpgsql') {
    // By PostgreSQL convention the untrusted languages (plperlu, plpython3u, …) end in "u".
    facts.find(
      language.endsWith('u')
        ? { action: 'deny', reason: `DO block in untrusted language ${language} can reach the server and is blocked` }
        : { action: 'review', reason: `DO block in language ${language} cannot be checked`, fixed: true },
    );
    return;
  }
  let tree: unknown;
  try {
    tree = parsePlpgsql(asFunction(constantText(options.get('as')) ?? ''));
  } catch (e) {
    if (!(e instanceof SqlParseError)) throw e;
    facts.find({ action: 'review', reason: `could not parse DO block: ${e.message}`, fixed: true });
    return;
  }
  visit(tree, facts, analyze);
}

function visit(value: unknown, facts: FactsBuilder, analyze: AnalyzeSql): void {
  if (Array.isArray(value)) {
    value.forEach((v) => visit(v, facts, analyze));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'PLpgSQL_stmt_dynexecute' || key === 'PLpgSQL_stmt_dynfors' || key === 'dynquery') {
      facts.find({ action: 'review', reason: 'DO block runs dynamic SQL (EXECUTE), which cannot be checked', fixed: true });
    }
    if (key === 'PLpgSQL_expr' && isObject(inner) && typeof inner.query === 'string') {
      const mode = typeof inner.parseMode === 'number' ? inner.parseMode : FULL_STATEMENT;
      for (const sql of embeddedSql(inner.query, mode)) analyze(sql).forEach((a) => facts.merge(a));
    }
    visit(inner, facts, analyze);
  }
}

/** Turns a PL/pgSQL expression into standalone SQL: statements as they are, expressions under SELECT. */
function embeddedSql(query: string, mode: number): string[] {
  if (mode === FULL_STATEMENT) return [query];
  if (mode === EXPRESSION) return [`SELECT ${query}`];
  // The assignment modes hold "target := expr"; the target may carry subscripts, which are expressions too.
  const parts = splitAssignment(query);
  return parts ? parts.map((p) => `SELECT ${p}`) : [`SELECT ${query}`];
}

function splitAssignment(query: string): [string, string] | undefined {
  let tokens;
  try {
    tokens = scanTokens(query);
  } catch {
    return undefined;
  }
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (depth === 0 && (t.text === ':=' || t.text === '=')) {
      const bytes = Buffer.from(query, 'utf8');
      return [bytes.subarray(0, t.start).toString('utf8'), bytes.subarray(t.end).toString('utf8')];
    }
  }
  return undefined;
}

/** PL/pgSQL is only parsed as a function body; pick a dollar-quote tag the body does not contain. */
function asFunction(source: string): string {
  let tag = '$airlock$';
  for (let i = 0; source.includes(tag); i++) tag = `$airlock${i}$`;
  return `CREATE FUNCTION airlock_do() RETURNS void LANGUAGE plpgsql AS ${tag}${source}${tag}`;
}
