import { asArray, isObject, nameList, stringField, unwrap } from '../../../policy/sql/ast.js';
import { parseStatements, type AstObject } from '../../../policy/sql/parser.js';

/** A relation as a view definition names it. */
export interface RelationRef {
  readonly schema?: string;
  readonly table: string;
}

/** Where one output column of a view comes from: a plain column of a relation, or unknown (computed, set operations…). */
export type ColumnSource = { readonly relation: RelationRef; readonly column: string } | null;

/** FROM-clause relations by the name a column reference uses for them (alias, else table name). */
function relationsInFrom(from: readonly unknown[]): Map<string, RelationRef> {
  const out = new Map<string, RelationRef>();
  const visit = (node: unknown): void => {
    const u = unwrap(node);
    if (!u) return;
    const [type, body] = u;
    if (type === 'RangeVar') {
      const table = stringField(body, 'relname');
      if (table === undefined) return;
      const schema = stringField(body, 'schemaname');
      const alias = isObject(body.alias) ? stringField(body.alias, 'aliasname') : undefined;
      out.set(alias ?? table, schema === undefined ? { table } : { schema, table });
    } else if (type === 'JoinExpr') {
      visit(body.larg);
      visit(body.rarg);
    }
  };
  from.forEach(visit);
  return out;
}

function sourceOf(target: unknown, relations: ReadonlyMap<string, RelationRef>): ColumnSource {
  const rt = unwrap(target);
  const ref = rt?.[0] === 'ResTarget' ? unwrap(rt[1].val) : undefined;
  if (ref?.[0] !== 'ColumnRef') return null;
  const names = nameList(ref[1].fields);
  if (names.length === 2) {
    const relation = relations.get(names[0]!);
    return relation ? { relation, column: names[1]! } : null;
  }
  // An unqualified column is only unambiguous with one relation in FROM.
  if (names.length === 1 && relations.size === 1) return { relation: [...relations.values()][0]!, column: names[0]! };
  return null;
}

/**
 * For each output column of a view, in order, the relation column it passes through unchanged, read
 * from the view's definition (`pg_get_viewdef`, which spells out every column). Computed columns,
 * subqueries and set operations give null: their values are left to the content detectors. Pure.
 */
export function viewLineage(definition: string): ColumnSource[] {
  const [statement] = parseStatements(definition);
  const select = statement ? unwrap(statement.node) : undefined;
  if (select?.[0] !== 'SelectStmt') return [];
  const body: AstObject = select[1];
  const targets = asArray(body.targetList);
  if (body.op !== undefined && body.op !== 'SETOP_NONE') return targets.map(() => null);
  const relations = relationsInFrom(asArray(body.fromClause));
  return targets.map((t) => sourceOf(t, relations));
}
