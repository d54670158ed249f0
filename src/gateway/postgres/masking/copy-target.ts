import { asArray, constantText, isObject, nameList, stringField, unwrap } from '../../../policy/sql/ast.js';
import { parseStatements } from '../../../policy/sql/parser.js';
import type { RelationRef } from './view-lineage.js';

/** What a COPY … TO STDOUT sends, as far as masking needs to know: the rows' source and their layout. */
export interface CopyTarget {
  /** The copied relation; absent for COPY (query) TO. */
  readonly relation?: RelationRef;
  /** The column list, when the statement names one. */
  readonly columns?: readonly string[];
  readonly csv: boolean;
  readonly delimiter: string;
}

/** The COPY TO among `sql`'s statements (a simple Query may hold several; at most one COPY runs at a time). Pure. */
export function copyTarget(sql: string): CopyTarget | undefined {
  for (const { node } of parseStatements(sql)) {
    const u = unwrap(node);
    if (u?.[0] !== 'CopyStmt' || u[1].is_from === true) continue;
    const body = u[1];
    let csv = false;
    let delimiter: string | undefined;
    for (const option of asArray(body.options)) {
      const def = unwrap(option);
      if (def?.[0] !== 'DefElem') continue;
      const name = stringField(def[1], 'defname');
      const value = constantText(def[1].arg) ?? (isObject(def[1].arg) ? nameList([def[1].arg])[0] : undefined);
      if (name === 'format') csv = value?.toLowerCase() === 'csv';
      if (name === 'delimiter' && value) delimiter = value;
    }
    const rel = isObject(body.relation) ? body.relation : undefined;
    const table = rel ? stringField(rel, 'relname') : undefined;
    const schema = rel ? stringField(rel, 'schemaname') : undefined;
    const columns = nameList(body.attlist);
    return {
      ...(table !== undefined && { relation: schema === undefined ? { table } : { schema, table } }),
      ...(columns.length > 0 && { columns }),
      csv,
      delimiter: delimiter ?? (csv ? ',' : '\t'),
    };
  }
  return undefined;
}
