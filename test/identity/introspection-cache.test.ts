import { describe, expect, it } from 'vitest';
import type { AuthResult } from '../../src/core/identity.js';
import { IntrospectionCache } from '../../src/identity/introspection-cache.js';

const active = (expiresAt = new Date(10_000_000)): AuthResult => ({ ok: true, identity: { name: 'bob', groups: [], source: 'oidc', expiresAt } });
const inactive: AuthResult = { ok: false, reason: 'token is not active' };

function setup(ttlMs = 1000, maxEntries = 10) {
  let now = 0;
  const cache = new IntrospectionCache({ ttlMs, maxEntries, now: () => now });
  let calls = 0;
  const introspect = (answer: AuthResult) => async () => {
    calls++;
    return answer;
  };
  return { cache, introspect, calls: () => calls, advance: (ms: number) => (now += ms) };
}

describe('IntrospectionCache', () => {
  it('asks once for a burst, concurrent or not, then again after the TTL', async () => {
    const t = setup();
    await Promise.all(Array.from({ length: 5 }, () => t.cache.get('tok', t.introspect(active()))));
    await t.cache.get('tok', t.introspect(active()));
    expect(t.calls()).toBe(1);
    t.advance(1000);
    await t.cache.get('tok', t.introspect(active()));
    expect(t.calls()).toBe(2);
  });

  it("never reuses an answer past the token's expiry", async () => {
    const t = setup();
    await t.cache.get('tok', t.introspect(active(new Date(100))));
    t.advance(100);
    await t.cache.get('tok', t.introspect(active()));
    expect(t.calls()).toBe(2);
  });

  it('keeps no failure', async () => {
    const t = setup();
    expect(await t.cache.get('tok', t.introspect(inactive))).toEqual(inactive);
    await t.cache.get('tok', t.introspect(active()));
    expect(t.calls()).toBe(2);
  });

  it('lets a re-check see a revocation, which new callers then see too', async () => {
    const t = setup();
    await t.cache.get('tok', t.introspect(active()));
    expect(await t.cache.refresh('tok', t.introspect(inactive))).toEqual(inactive);
    expect(await t.cache.get('tok', t.introspect(inactive))).toEqual(inactive);
    expect(t.calls()).toBe(3);
  });

  it('holds at most maxEntries tokens, dropping the oldest', async () => {
    const t = setup(1000, 2);
    for (const tok of ['a', 'b', 'c']) await t.cache.get(tok, t.introspect(active()));
    await t.cache.get('c', t.introspect(active()));
    await t.cache.get('a', t.introspect(active()));
    expect(t.calls()).toBe(4);
  });
});
