import { booleanText, constantText, defElems, isObject, relationName, stringField, unwrap } from './ast.js';
import { FactsBuilder } from './facts.js';
import type { StatementAnalysis } from './findings.js';
import { parseStatements, SqlParseError, type AstObject } from './parser.js';
import { judgeDoBlock } from './plpgsql.js';
import { judgeSetting, judgeTransactionOptions } from './settings.js';
import { judgeUtility } from './statements.js';
import { TreeWalker } from './walk.js';

/**
 * The built-in "postgres" classification of a query string, one analysis per statement.
 * An allowlist: only what is recognised as read-only comes out without findings.
 */
export function analyzeSql(sql: string): StatementAnalysis[] {
  let statements;
  try {
    statements = parseStatements(sql);
  } catch (e) {
    if (!(e instanceof SqlParseError)) throw e;
    const finding = { action: 'review' as const, reason: `could not parse: ${e.message}`, fixed: true };
    return [{ text: sql, kinds: [], tables: [], functions: [], findings: [finding] }];
  }
  return statements.map(({ node, text }) => {
    const facts = new FactsBuilder();
    judgeStatement(node, facts, true);
    return facts.build(text);
  });
}

/** `executes` is false under a plain EXPLAIN, which plans the statement without running it. */
function judgeStatement(node: unknown, facts: FactsBuilder, executes: boolean): void {
  const unwrapped = unwrap(node);
  if (!unwrapped) {
    facts.find({ action: 'review', reason: 'unrecognised statement', fixed: true });
    return;
  }
  const [type, body] = unwrapped;
  const walker = new TreeWalker(facts, executes);
  switch (type) {
    case 'SelectStmt':
    case 'InsertStmt':
    case 'UpdateStmt':
    case 'DeleteStmt':
    case 'MergeStmt':
      walker.visit(node);
      return;
    case 'ExplainStmt':
      facts.kind('explain');
      judgeStatement(body.query, facts, executes && explainRuns(body.options));
      return;
    case 'PrepareStmt':
      // Judged as if run now: EXECUTE will run it later, when the gateway may no longer see the body.
      facts.kind('prepare');
      judgeStatement(body.query, facts, executes);
      return;
    case 'DeclareCursorStmt':
      facts.kind('cursor');
      judgeStatement(body.query, facts, executes);
      return;
    case 'ExecuteStmt':
      facts.kind('execute');
      facts.find({ action: 'review', reason: 'EXECUTE of an unknown prepared statement', fixed: true });
      walker.visit(body.params);
      return;
    case 'CreateTableAsStmt':
      judgeCreateTableAs(body, facts, executes);
      walker.visit(node);
      return;
    case 'CopyStmt':
      judgeCopy(body, facts, executes);
      walker.visit(node);
      return;
    case 'DoStmt':
      judgeDoBlock(body, facts, analyzeSql);
      return;
    case 'TransactionStmt':
      judgeTransaction(body, facts);
      return;
    case 'VariableSetStmt':
      facts.kind('set');
      judgeSetting(body).forEach((f) => facts.find(f));
      return;
    default:
      judgeUtility(type, body, facts);
      // DDL can embed expressions (defaults, index expressions, view bodies): collect their tables and calls.
      walker.visit(node);
  }
}

/** EXPLAIN runs its statement only with ANALYZE; an option value we cannot read counts as running. */
function explainRuns(options: unknown): boolean {
  const opts = defElems(options);
  if (!opts.has('analyze')) return false;
  const arg = opts.get('analyze');
  return arg === undefined || booleanText(constantText(arg)) !== false;
}

function judgeCreateTableAs(body: AstObject, facts: FactsBuilder, executes: boolean): void {
  facts.kind('ddl');
  if (!executes) return;
  const into = isObject(body.into) && isObject(body.into.rel) ? relationName(body.into.rel) : undefined;
  const what = stringField(body, 'objtype') === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
  facts.find({ action: 'review', reason: `${what} creates ${into ?? 'a relation'}` });
}

/** COPY to or from the client is a read or a write; COPY touching server files or programs is blocked. */
function judgeCopy(body: AstObject, facts: FactsBuilder, executes: boolean): void {
  facts.kind('copy');
  const from = body.is_from === true;
  const table = isObject(body.relation) ? relationName(body.relation) : undefined;
  if (body.is_program === true) {
    facts.find({ action: 'deny', reason: 'COPY … PROGRAM runs a server command and is blocked' });
  } else if (typeof body.filename === 'string') {
    facts.find({ action: 'deny', reason: `COPY ${from ? 'from' : 'to'} a server file is blocked` });
  } else if (from) {
    facts.kind('insert');
    if (executes) facts.find({ action: 'review', reason: `COPY into ${table ?? 'a table'} from the client` });
  } else if (table !== undefined) {
    facts.kind('select');
  }
}

function judgeTransaction(body: AstObject, facts: FactsBuilder): void {
  facts.kind('transaction');
  const kind = stringField(body, 'kind');
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') {
    judgeTransactionOptions(body.options, 'BEGIN').forEach((f) => facts.find(f));
  } else if (kind === 'TRANS_STMT_PREPARE' || kind === 'TRANS_STMT_COMMIT_PREPARED' || kind === 'TRANS_STMT_ROLLBACK_PREPARED') {
    // A prepared transaction outlives the session and keeps its locks.
    facts.find({ action: 'review', reason: 'two-phase commit needs review' });
  }
}
