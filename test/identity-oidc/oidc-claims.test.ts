import { describe, expect, it } from 'vitest';
import { identityFromClaims, identityFromIntrospection } from '../../src/identity/oidc-claims.js';

const OIDC = { issuer: 'https://idp.test', audience: 'airlock', groupsClaim: 'roles' };

describe('identityFromClaims', () => {
  it('names the identity by email, else preferred_username, else sub', () => {
    const name = (c: Record<string, unknown>) => {
      const r = identityFromClaims(c, 'roles');
      return r.ok ? r.identity.name : r.reason;
    };
    expect(name({ email: 'a@x.test', preferred_username: 'a', sub: '1' })).toBe('a@x.test');
    expect(name({ preferred_username: 'a', sub: '1' })).toBe('a');
    expect(name({ email: '', sub: '1' })).toBe('1');
    expect(name({ email: 7 })).toBe('token names no identity (no email, preferred_username or sub)');
  });

  it.each([
    [['dba', 'agents', 3], ['dba', 'agents']],
    ['dba', ['dba']],
    [undefined, []],
    [{ dba: true }, []],
  ])('reads groups %j as %j', (roles, groups) => {
    expect(identityFromClaims({ sub: 's', roles }, 'roles')).toMatchObject({ ok: true, identity: { groups } });
  });

  it('marks the identity as oidc and expiring with exp', () => {
    expect(identityFromClaims({ sub: 's', exp: 2_000_000_000 }, 'roles')).toEqual({
      ok: true,
      identity: { name: 's', groups: [], source: 'oidc', expiresAt: new Date(2_000_000_000_000) },
    });
  });
});

describe('identityFromIntrospection', () => {
  const active = { active: true, iss: OIDC.issuer, aud: OIDC.audience, email: 'b@x.test', roles: 'agents', exp: 2_000_000_000 };
  it('accepts an active token for this audience', () => {
    expect(identityFromIntrospection(active, OIDC)).toMatchObject({ ok: true, identity: { name: 'b@x.test', groups: ['agents'], source: 'oidc' } });
    expect(identityFromIntrospection({ ...active, aud: ['other', 'airlock'] }, OIDC).ok).toBe(true);
  });

  it.each([
    [{ active: false }, 'token is not active at the identity provider (unknown, expired or revoked)'],
    [{ ...active, active: 'true' }, 'token is not active at the identity provider (unknown, expired or revoked)'],
    [{ ...active, iss: 'https://evil.test' }, 'token from an unknown issuer'],
    [{ ...active, aud: 'other' }, 'token is for another audience'],
    [{ ...active, aud: undefined }, 'token is for another audience'],
  ])('refuses %j', (response, reason) => {
    expect(identityFromIntrospection(response, OIDC)).toEqual({ ok: false, reason });
  });
});
