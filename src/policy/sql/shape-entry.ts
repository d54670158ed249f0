import type { StatementAnalysis } from './findings.js';
import { literalShape } from './literal-shape.js';

/*
 * Kinds whose preset analysis cannot depend on a constant's value. The walker records tables from
 * relation names, functions by name and kinds from the statement's structure; rules match kinds,
 * tables, functions, groups, identities and connections, never values. A literal only ever sits in
 * an expression, where changing it changes no name and no structure. The kinds left out read values:
 * SET (client_encoding 'UTF8' is allowed, 'SJIS' denied), COPY (file names), EXPLAIN (ANALYZE 0 vs 1
 * decides whether the statement runs), DO bodies, PREPARE/EXECUTE, CALL, DDL/DCL and other utilities.
 * BEGIN's options are keywords (READ ONLY / READ WRITE), and a two-phase PREPARE TRANSACTION 'id' is
 * reviewed, so it never reaches here.
 */
const VALUE_BLIND_KINDS: ReadonlySet<string> = new Set(['select', 'insert', 'update', 'delete', 'merge', 'show', 'transaction']);

/**
 * The analysis to share between every text of the same literal shape, or undefined when sharing could
 * change a verdict. Only finding-free (allowed) statements qualify: findings carry reasons, which could
 * quote a value. Statement texts are replaced by their shapes so no entry holds another caller's literals.
 */
export function shapeEntry(statements: readonly StatementAnalysis[]): StatementAnalysis[] | undefined {
  const shared: StatementAnalysis[] = [];
  for (const s of statements) {
    if (s.findings.length > 0 || !s.kinds.every((k) => VALUE_BLIND_KINDS.has(k))) return undefined;
    const text = literalShape(s.text);
    if (text === null) return undefined;
    shared.push({ ...s, text });
  }
  return shared;
}
