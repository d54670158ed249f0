import { describe, expect, it } from 'vitest';
import type { AuthResult, Authenticator } from '../../src/core/identity.js';
import { CompositeAuthenticator } from '../../src/identity/composite-authenticator.js';
import { StaticTokenAuthenticator } from '../../src/identity/static-token-authenticator.js';

const tokens = new StaticTokenAuthenticator([{ name: 'ci', token: 'ci-token', groups: ['agents'] }]);
const rejecting = (reason: string): Authenticator => ({ authenticate: async () => ({ ok: false, reason }) });
const oidcLike: Authenticator = {
  authenticate: async (secret): Promise<AuthResult> =>
    secret === 'jwt' ? { ok: true, identity: { name: 'alice', groups: ['dba'], source: 'oidc' } } : { ok: false, reason: 'token expired' },
};
const broken: Authenticator = {
  authenticate: async () => {
    throw new Error('IdP unreachable');
  },
};

describe('CompositeAuthenticator', () => {
  it('returns the first success, whichever authenticator gives it', async () => {
    const auth = new CompositeAuthenticator([tokens, oidcLike]);
    expect(await auth.authenticate('ci-token')).toMatchObject({ ok: true, identity: { name: 'ci', source: 'token' } });
    expect(await auth.authenticate('jwt')).toMatchObject({ ok: true, identity: { name: 'alice', source: 'oidc' } });
  });

  it("reports the first failure's reason when none succeeds", async () => {
    expect(await new CompositeAuthenticator([rejecting('first'), oidcLike]).authenticate('x')).toEqual({ ok: false, reason: 'first' });
  });

  it('prefers the reason of a source that recognized the secret over an "unknown token"', async () => {
    expect(await new CompositeAuthenticator([tokens, oidcLike]).authenticate('x')).toEqual({ ok: false, reason: 'token expired' });
    const unknown = (reason: string): Authenticator => ({ authenticate: async () => ({ ok: false, reason, unrecognized: true }) });
    expect(await new CompositeAuthenticator([unknown('a'), unknown('b')]).authenticate('x')).toMatchObject({ ok: false, reason: 'a' });
  });

  it('fails closed when an authenticator throws, while the others still work', async () => {
    const auth = new CompositeAuthenticator([broken, tokens]);
    expect(await auth.authenticate('ci-token')).toMatchObject({ ok: true, identity: { name: 'ci' } });
    expect(await auth.authenticate('nope')).toEqual({ ok: false, reason: 'authentication unavailable' });
  });

  it('rejects everything when empty', async () => {
    expect(await new CompositeAuthenticator([]).authenticate('ci-token')).toEqual({ ok: false, reason: 'invalid token' });
  });
});
