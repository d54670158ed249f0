/** SQL string literal: the only escaping a standard_conforming_strings server needs. */
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** PostgreSQL's FirstNormalObjectId: OIDs below it belong to the system catalogs. */
export const FIRST_USER_OID = 16384;

/**
 * One query for everything masking needs to know about the schema: every relation with a column
 * whose name matches a rule (LIKE is a superset of the rule's glob; the rules decide exactly), plus
 * every view built on those, transitively, with its definition; and the OIDs of all user relations, so
a relation created later is recognised as unknown. Returns one JSON object.
 */
export function catalogQuery(columnGlobs: readonly string[]): string {
  const likes = columnGlobs.map((g) => literal(g.replace(/[\\%]/g, '\\$&').replace(/\*/g, '%'))).join(', ');
  return `WITH RECURSIVE rels(oid) AS (
  SELECT a.attrelid FROM pg_catalog.pg_attribute a
  WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attname LIKE ANY (ARRAY[${likes}]::text[])
  UNION
  SELECT r.ev_class FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
  JOIN rels ON d.refobjid = rels.oid
  WHERE d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass
)
SELECT json_build_object('relations', coalesce(json_agg(json_build_object(
  'oid', c.oid::int8,
  'schema', n.nspname,
  'table', c.relname,
  'kind', c.relkind,
  'columns', (SELECT json_object_agg(a.attnum, a.attname) FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
  'definition', CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END
)), '[]'),
  'known', (SELECT coalesce(json_agg(k.oid::int8), '[]') FROM pg_catalog.pg_class k WHERE k.relkind IN ('r', 'p', 'f', 'v', 'm') AND k.oid >= ${FIRST_USER_OID}))
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid IN (SELECT oid FROM rels) AND c.relkind IN ('r', 'p', 'f', 'v', 'm')`;
}
