import type { AstObject } from './parser.js';

export function isObject(v: unknown): v is AstObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Unwraps `{ NodeType: body }` into [type, body]; undefined for anything else. */
export function unwrap(node: unknown): [string, AstObject] | undefined {
  if (!isObject(node)) return undefined;
  const keys = Object.keys(node);
  const type = keys[0];
  if (keys.length !== 1 || type === undefined || !/^[A-Z]/.test(type)) return undefined;
  const body = node[type];
  return isObject(body) ? [type, body] : undefined;
}

export function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

export function stringField(o: AstObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

/** The names in a list of `{ String: { sval } }` nodes, e.g. a function or type name. */
export function nameList(v: unknown): string[] {
  return asArray(v).flatMap((n) => {
    const u = unwrap(n);
    return u?.[0] === 'String' && typeof u[1].sval === 'string' ? [u[1].sval] : [];
  });
}

/** A RangeVar (or IntoClause.rel) written as in the statement: catalog.schema.table, schema.table or table. */
export function relationName(rv: AstObject): string | undefined {
  const relname = stringField(rv, 'relname');
  if (relname === undefined) return undefined;
  return [stringField(rv, 'catalogname'), stringField(rv, 'schemaname'), relname].filter((p) => p).join('.');
}

/** The value of a constant node (A_Const / String / Integer / Boolean) as text, if it is one. */
export function constantText(node: unknown): string | undefined {
  const u = unwrap(node);
  if (!u) return undefined;
  const [type, body] = u;
  if (type === 'A_Const') {
    for (const [key, inner] of Object.entries(body)) {
      if (key === 'location' || !isObject(inner)) continue;
      // Zero values are emitted as empty objects: `{ ival: {} }` is 0, `{ boolval: {} }` is false.
      const value = Object.values(inner)[0];
      if (key === 'ival' || key === 'fval') return String(value ?? 0);
      if (key === 'boolval') return String(value ?? false);
      if (key === 'sval' || key === 'bsval') return typeof value === 'string' ? value : '';
    }
    return undefined;
  }
  if (type === 'String') return stringField(body, 'sval');
  if (type === 'Integer') return String(body.ival ?? 0);
  if (type === 'Boolean') return String(body.boolval ?? false);
  return undefined;
}

const FALSE_WORDS = new Set(['false', 'off', 'no', '0', 'f', 'n']);
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1', 't', 'y']);

/** PostgreSQL's boolean spellings; undefined when the text is neither. */
export function booleanText(text: string | undefined): boolean | undefined {
  const t = text?.trim().toLowerCase();
  if (t === undefined) return undefined;
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

/** Reads a DefElem option list such as EXPLAIN's or BEGIN's into name → argument node (undefined when bare). */
export function defElems(list: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const item of asArray(list)) {
    const u = unwrap(item);
    if (u?.[0] === 'DefElem') {
      const name = stringField(u[1], 'defname');
      if (name !== undefined) out.set(name, u[1].arg);
    }
  }
  return out;
}
