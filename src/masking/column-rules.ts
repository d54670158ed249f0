import type { MaskStyle } from './types.js';

/** Where a result column comes from, as the catalog names it. */
export interface ColumnOrigin {
  readonly schema: string;
  readonly table: string;
  readonly column: string;
}

interface CompiledRule {
  readonly schema: RegExp | null;
  readonly table: RegExp;
  readonly column: RegExp;
  /** The column part as written, e.g. `pass*`. */
  readonly columnGlob: string;
  readonly style: MaskStyle;
}

/** One name glob; `*` is the only wildcard. Identifiers compare case-sensitively, as the catalog stores them (lower case unless quoted). */
function glob(part: string): RegExp {
  return new RegExp(`^${part.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function compile(pattern: string, style: MaskStyle): CompiledRule {
  const parts = pattern.split('.');
  const [schema, table, column] = parts.length === 3 ? parts : [null, ...parts];
  return { schema: schema === null || schema === undefined ? null : glob(schema), table: glob(table ?? ''), column: glob(column ?? ''), columnGlob: column ?? '', style };
}

/**
 * Column rules of a masking set: `table.column` (any schema) or `schema.table.column`, with `*`
 * globs. The first matching rule decides the style. Pure.
 */
export class ColumnRules {
  private readonly rules: readonly CompiledRule[];

  constructor(rules: readonly { readonly pattern: string; readonly style: MaskStyle }[]) {
    this.rules = rules.map((r) => compile(r.pattern, r.style));
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  styleFor(origin: ColumnOrigin): MaskStyle | undefined {
    return this.rules.find((r) => (r.schema === null || r.schema.test(origin.schema)) && r.table.test(origin.table) && r.column.test(origin.column))?.style;
  }

  /** Column-name globs as written (`*` any name), for narrowing a catalog query to the tables that can matter. */
  get columnGlobs(): readonly string[] {
    return [...new Set(this.rules.map((r) => r.columnGlob))];
  }
}
