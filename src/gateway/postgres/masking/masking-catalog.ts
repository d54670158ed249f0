import type { Masker } from '../../../masking/masker.js';
import type { MaskStyle } from '../../../masking/types.js';
import { FIRST_USER_OID } from './catalog-query.js';
import { viewLineage, type ColumnSource, type RelationRef } from './view-lineage.js';

/** One relation as the catalog query returns it. */
export interface CatalogRelation {
  readonly oid: number;
  readonly schema: string;
  readonly table: string;
  /** pg_class.relkind: r table, p partitioned, f foreign, v view, m materialized view. */
  readonly kind: string;
  /** attnum → column name, live columns only. */
  readonly columns: Readonly<Record<string, string>>;
  /** pg_get_viewdef for views, else null. */
  readonly definition: string | null;
}

/** How one result column is masked: its style, and its origin as the audit counts name it. */
export interface ColumnMask {
  readonly style: MaskStyle;
  readonly column: string;
}

const MAX_VIEW_DEPTH = 8;
const key = (oid: number, attnum: number) => `${oid}:${attnum}`;

/**
 * Which result columns carry a masked column's values, by the table OID and attribute number that
 * RowDescription reports. Views are followed through their definitions, so a view (or a view of a
 * view) that passes a masked column through — renamed or not — masks it too. Pure once built.
 */
export class MaskingCatalog {
  private readonly byColumn = new Map<string, ColumnMask>();
  private readonly relations: readonly CatalogRelation[];
  private readonly oids: ReadonlySet<number>;
  private readonly lineages = new Map<number, ColumnSource[]>();

  constructor(relations: readonly CatalogRelation[], known: readonly number[], private readonly masker: Masker) {
    this.relations = relations;
    this.oids = new Set(known);
    for (const r of relations) {
      for (const attnum of Object.keys(r.columns)) {
        const mask = this.resolve(r, Number(attnum), 0);
        if (mask) this.byColumn.set(key(r.oid, Number(attnum)), mask);
      }
    }
  }

  /** The mask for a result column, or undefined when its origin is unmasked or unknown. */
  maskFor(tableOid: number, attnum: number): ColumnMask | undefined {
    return tableOid === 0 ? undefined : this.byColumn.get(key(tableOid, attnum));
  }

  /** Whether a result column's table existed when the catalog was read (system tables always do). */
  knows(tableOid: number): boolean {
    return tableOid < FIRST_USER_OID || this.oids.has(tableOid);
  }

  /** For COPY relation TO STDOUT: each copied column's mask, in output order; undefined when the relation has none. */
  copyColumns(ref: RelationRef, listed: readonly string[] | undefined): Array<ColumnMask | undefined> | undefined {
    const relation = this.find(ref)[0];
    if (!relation) return undefined;
    const names = listed ?? Object.entries(relation.columns).sort(([a], [b]) => Number(a) - Number(b)).map(([, name]) => name);
    return names.map((name) => this.maskOfNamed(relation, name, 0));
  }

  private find(ref: RelationRef): CatalogRelation[] {
    return this.relations.filter((r) => r.table === ref.table && (ref.schema === undefined || r.schema === ref.schema));
  }

  private maskOfNamed(relation: CatalogRelation, column: string, depth: number): ColumnMask | undefined {
    const attnum = Object.entries(relation.columns).find(([, name]) => name === column)?.[0];
    return attnum === undefined ? undefined : this.resolve(relation, Number(attnum), depth);
  }

  private resolve(relation: CatalogRelation, attnum: number, depth: number): ColumnMask | undefined {
    const column = relation.columns[String(attnum)];
    if (column === undefined) return undefined;
    const origin = { schema: relation.schema, table: relation.table, column };
    const style = this.masker.styleFor(origin);
    if (style) return { style, column: `${origin.schema}.${origin.table}.${origin.column}` };
    if (relation.definition === null || depth >= MAX_VIEW_DEPTH) return undefined;
    let lineage = this.lineages.get(relation.oid);
    if (!lineage) this.lineages.set(relation.oid, (lineage = viewLineage(relation.definition)));
    const source = lineage[attnum - 1];
    if (!source) return undefined;
    // An unqualified name may match several relations; any that masks the column wins (fail closed).
    for (const base of this.find(source.relation)) {
      const mask = this.maskOfNamed(base, source.column, depth + 1);
      if (mask) return mask;
    }
    return undefined;
  }
}
