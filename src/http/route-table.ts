/** Pure path matching: literal segments and `:name` parameters, nothing else. */

export type RouteMatch<T> =
  | { readonly kind: 'found'; readonly value: T; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

interface Entry<T> {
  readonly method: string;
  readonly segments: readonly string[];
  /** The pattern with parameter names erased, to spot two routes that would match the same paths. */
  readonly shape: string;
  readonly value: T;
}

const PARAM = /^:[A-Za-z_][A-Za-z0-9_]*$/;

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

export class RouteTable<T> {
  readonly #entries: Entry<T>[] = [];

  add(method: string, pattern: string, value: T): void {
    if (!pattern.startsWith('/')) throw new Error(`route path must start with "/": ${pattern}`);
    const segments = split(pattern);
    for (const s of segments) {
      if (s.startsWith(':') && !PARAM.test(s)) throw new Error(`bad path parameter "${s}" in ${pattern}`);
    }
    const upper = method.toUpperCase();
    const shape = segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/');
    if (this.#entries.some((e) => e.method === upper && e.shape === shape)) {
      throw new Error(`route ${upper} ${pattern} is already registered`);
    }
    this.#entries.push({ method: upper, segments, shape, value });
  }

  match(method: string, path: string): RouteMatch<T> {
    const parts = split(path);
    const allow: string[] = [];
    for (const e of this.#entries) {
      const params = matchSegments(e.segments, parts);
      if (!params) continue;
      if (e.method === method.toUpperCase()) return { kind: 'found', value: e.value, params };
      allow.push(e.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(v);
      } catch {
        return null;
      }
      params[p.slice(1)] = decoded;
    } else if (p !== v) return null;
  }
  return params;
}
