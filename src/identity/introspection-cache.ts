import type { AuthResult } from '../core/identity.js';
import { hashToken } from './hash-token.js';

export interface IntrospectionCacheOptions {
  /** How long a successful answer is reused; the token's own expiry bounds it further. */
  readonly ttlMs: number;
  /** Most tokens remembered at once; the oldest entry goes first. */
  readonly maxEntries: number;
  readonly now?: () => number;
}

type Entry = { readonly result: Promise<AuthResult>; until: number };

/**
 * Introspection answers for opaque tokens, kept briefly so a burst of connections with one token
 * asks the IdP once: concurrent callers share the call in flight, and a success is reused for
 * `ttlMs` (never past the token's exp). Failures are not kept. Keyed by the token's hash, so the
 * cache holds no token. `refresh` always asks the IdP (a running session's re-check), and its answer
 * replaces the cached one, so a revocation it sees also reaches new connections.
 */
export class IntrospectionCache {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;

  constructor(private readonly opts: IntrospectionCacheOptions) {
    this.#now = opts.now ?? Date.now;
  }

  get(token: string, introspect: () => Promise<AuthResult>): Promise<AuthResult> {
    const key = hashToken(token);
    const hit = this.#entries.get(key);
    if (hit && hit.until > this.#now()) return hit.result;
    return this.#ask(key, introspect);
  }

  refresh(token: string, introspect: () => Promise<AuthResult>): Promise<AuthResult> {
    return this.#ask(hashToken(token), introspect);
  }

  #ask(key: string, introspect: () => Promise<AuthResult>): Promise<AuthResult> {
    const result = introspect();
    const entry: Entry = { result, until: this.#now() + this.opts.ttlMs };
    this.#entries.delete(key); // re-inserted last: the Map's order is the eviction order
    this.#entries.set(key, entry);
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.opts.maxEntries) break;
      this.#entries.delete(oldest);
    }
    const settle = (kept: AuthResult | undefined) => {
      if (this.#entries.get(key) !== entry) return; // replaced or evicted meanwhile
      if (kept?.ok) entry.until = Math.min(entry.until, kept.identity.expiresAt?.getTime() ?? entry.until);
      else this.#entries.delete(key);
    };
    result.then(settle, () => settle(undefined));
    return result;
  }
}
