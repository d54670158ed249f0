import type { AstObject } from './parser.js';
import { asArray, isObject, nameList, relationName, stringField, unwrap } from './ast.js';
import type { FactsBuilder } from './facts.js';
import { judgeFunction } from './functions.js';

const LOCK_STRENGTH: Readonly<Record<string, string>> = {
  LCS_FORKEYSHARE: 'FOR KEY SHARE',
  LCS_FORSHARE: 'FOR SHARE',
  LCS_FORNOKEYUPDATE: 'FOR NO KEY UPDATE',
  LCS_FORUPDATE: 'FOR UPDATE',
};

/**
 * Walks any part of a parse tree, recording every relation, function call and nested write or lock —
 * in CTEs, subqueries, set operations, function arguments, wherever they sit.
 *
 * With `executes` false (plain EXPLAIN) writes and locks are not recorded as such, since nothing runs,
 * but function calls still are: the planner evaluates immutable functions on constants.
 */
export class TreeWalker {
  constructor(
    private readonly facts: FactsBuilder,
    private readonly executes: boolean,
  ) {}

  /** `ctes` holds the WITH names visible here, which shadow unqualified table names. */
  visit(value: unknown, ctes: ReadonlySet<string> = new Set()): void {
    if (Array.isArray(value)) {
      value.forEach((v) => this.visit(v, ctes));
      return;
    }
    if (!isObject(value)) return;
    const node = unwrap(value);
    if (node) {
      this.node(node[0], node[1], ctes);
      return;
    }
    // A bare field object, such as DeleteStmt.relation (a RangeVar) or SelectStmt.intoClause.
    this.relation(value, ctes);
    for (const v of Object.values(value)) this.visit(v, ctes);
  }

  private node(type: string, body: AstObject, ctes: ReadonlySet<string>): void {
    switch (type) {
      case 'SelectStmt':
        this.select(body);
        break;
      case 'InsertStmt':
        this.write('insert', 'INSERT into', body);
        break;
      case 'UpdateStmt':
        this.write('update', 'UPDATE on', body);
        break;
      case 'DeleteStmt':
        this.write('delete', 'DELETE on', body);
        break;
      case 'MergeStmt':
        this.write('merge', 'MERGE into', body);
        break;
      case 'FuncCall':
        this.call(body);
        break;
      case 'RangeVar':
        this.relation(body, ctes);
        break;
    }
    const scope = this.withScope(body, ctes);
    for (const [key, v] of Object.entries(body)) if (key !== 'withClause') this.visit(v, scope);
  }

  /** Records a RangeVar as a table unless it is an unqualified reference to a WITH name in scope. */
  private relation(rv: AstObject, ctes: ReadonlySet<string>): void {
    const name = relationName(rv);
    if (name !== undefined && !(stringField(rv, 'schemaname') === undefined && ctes.has(name))) this.facts.table(name);
  }

  private select(body: AstObject): void {
    // Set operations nest SelectStmts; only leaves carry a target list.
    if (stringField(body, 'op') === 'SETOP_NONE' || stringField(body, 'op') === undefined) this.facts.kind('select');
    if (!this.executes) return;
    if (isObject(body.intoClause)) {
      const target = isObject(body.intoClause.rel) ? relationName(body.intoClause.rel) : undefined;
      this.facts.kind('ddl');
      this.facts.find({ action: 'review', reason: `SELECT INTO creates table ${target ?? '?'}` });
    }
    for (const clause of asArray(body.lockingClause)) {
      const lock = unwrap(clause);
      if (lock?.[0] !== 'LockingClause') continue;
      const strength = LOCK_STRENGTH[stringField(lock[1], 'strength') ?? ''] ?? 'FOR UPDATE';
      this.facts.kind('lock');
      this.facts.find({ action: 'review', reason: `SELECT … ${strength} locks rows` });
    }
  }

  /** `phrase` reads "DELETE on", "INSERT into"…; an UPDATE or DELETE with no WHERE says so. */
  private write(kind: string, phrase: string, body: AstObject): void {
    const written = isObject(body.relation) ? relationName(body.relation) : undefined;
    if (written !== undefined) this.facts.table(written);
    const target = written ?? 'a table';
    if (!this.executes) return;
    this.facts.kind(kind);
    const unbounded = (kind === 'delete' || kind === 'update') && body.whereClause === undefined;
    const reason = unbounded ? `${kind.toUpperCase()} without WHERE on ${target}` : `${phrase} ${target}`;
    this.facts.find({ action: 'review', reason });
  }

  private call(body: AstObject): void {
    const parts = nameList(body.funcname);
    this.facts.fn(parts.join('.'));
    const judged = judgeFunction(parts);
    if (judged.reason) this.facts.find({ action: judged.action, reason: judged.reason });
  }

  /**
   * WITH names shadow tables for the statement body. A non-recursive CTE sees only the CTEs before it
   * (a later name still means the real table); WITH RECURSIVE makes all of them visible everywhere.
   */
  private withScope(body: AstObject, outer: ReadonlySet<string>): ReadonlySet<string> {
    const clause = body.withClause;
    if (!isObject(clause)) return outer;
    const ctes = asArray(clause.ctes).flatMap((c) => {
      const u = unwrap(c);
      return u?.[0] === 'CommonTableExpr' ? [u[1]] : [];
    });
    const names = ctes.map((c) => stringField(c, 'ctename') ?? '');
    const all = new Set([...outer, ...names]);
    ctes.forEach((cte, i) => {
      const visible = clause.recursive === true ? all : new Set([...outer, ...names.slice(0, i)]);
      this.visit(cte.ctequery, visible);
    });
    return all;
  }
}
