import type { Expectation } from '../pipeline-tracker.js';
import type { FieldDescription } from '../wire/result-messages.js';

/** The columns a statement or portal returns; null when it returns no rows (NoData). */
export type Shape = readonly FieldDescription[] | null;

/** One prepared statement on the server: a new object each time its name is prepared again. */
interface Statement {
  /** Undefined until the statement, or a portal bound from it, is described. */
  shape: Shape | undefined;
}

interface Portal {
  readonly shape: Shape | undefined;
  /** The statement it was bound from; undefined for a portal the gateway saw no Bind for (a cursor). */
  readonly statement: Statement | undefined;
}

/**
 * Command tags after which the server's prepared statements (first) or portals (second) may no longer
 * be the ones the gateway saw described: SQL-level PREPARE/DEALLOCATE/DISCARD share the protocol's
 * statement names, DECLARE/CLOSE and ROLLBACK (TO SAVEPOINT) its portal names.
 */
const RENAMES_STATEMENTS = /^(PREPARE|DEALLOCATE|DISCARD)\b/;
const RENAMES_PORTALS = /^(DECLARE|CLOSE|DISCARD|ROLLBACK)\b/;

/**
 * The result columns of each prepared statement and portal of one session, as the server reported them,
 * so rows from an Execute are masked by the portal they come from (an Execute gets no RowDescription of
 * its own). Fed with upstream answers in order, each with the client message it answers; a name whose
 * shape is unsure is forgotten, never guessed.
 */
export class ResultShapes {
  private readonly statements = new Map<string, Statement>();
  private readonly portals = new Map<string, Portal>();

  /** A RowDescription (fields) or NoData (null): whether it answered a Describe `e`, rather than a Query. */
  described(e: Expectation<unknown> | undefined, shape: Shape): boolean {
    if (e?.kind === 'describe-statement') {
      this.statement(e.name).shape = shape;
    } else if (e?.kind === 'describe-portal') {
      const statement = this.portals.get(e.name)?.statement;
      this.portals.set(e.name, { shape, statement });
      // Its statement returns the same columns (the Bind chose only their formats): pgjdbc describes a
      // portal once, then binds the statement again and again without describing anything.
      if (statement) statement.shape ??= shape;
    } else {
      return false;
    }
    return true;
  }

  /** ParseComplete, BindComplete or CloseComplete answering `e`. */
  done(e: Expectation<unknown> | undefined): void {
    switch (e?.kind) {
      case 'parse':
        this.statements.set(e.name, { shape: undefined });
        return;
      case 'bind':
        this.bound(e.portal, this.statement(e.statement), e.resultFormats);
        return;
      case 'close':
        (e.target === 'S' ? this.statements : this.portals).delete(e.name);
        return;
      default:
        return;
    }
  }

  /** A CommandComplete's tag. */
  completed(tag: string): void {
    if (RENAMES_STATEMENTS.test(tag)) this.statements.clear();
    if (RENAMES_PORTALS.test(tag)) this.portals.clear();
  }

  /** ReadyForQuery answering `e`: a transaction's end closes its portals; a simple Query replaces the unnamed ones. */
  ready(e: Expectation<unknown> | undefined, status: string): void {
    if (status === 'I') this.portals.clear();
    if (e?.kind === 'query') {
      this.statements.delete('');
      this.portals.delete('');
    }
  }

  /** What `portal` returns, or undefined when the gateway does not know. */
  portal(portal: string): Shape | undefined {
    return this.portals.get(portal)?.shape;
  }

  /** The statement the server has under `name` (one prepared with SQL PREPARE is first seen here). */
  private statement(name: string): Statement {
    let s = this.statements.get(name);
    if (!s) this.statements.set(name, (s = { shape: undefined }));
    return s;
  }

  /** A Describe of a statement reports text format; the Bind chooses the real one: one code for all columns, or one each. */
  private bound(portal: string, statement: Statement, formats: readonly number[]): void {
    const shape = statement.shape && statement.shape.map((f, i) => ({ ...f, format: formats.length === 1 ? formats[0]! : (formats[i] ?? 0) }));
    this.portals.set(portal, { shape, statement });
  }
}
