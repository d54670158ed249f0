import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../../src/identity/hash-token.js';
import { StaticTokenAuthenticator } from '../../src/identity/static-token-authenticator.js';
import { scramServerFirst } from '../../src/gateway/postgres/scram-server.js';
import { scramClientFinal, scramClientFirst } from '../../src/gateway/postgres/upstream/scram-sha-256.js';
import { saltedPasswordSync, scramKeys } from '../../src/util/scram-sha-256.js';

const DEVIN = 'devin-9f2c1e-secret';
const ALICE = 'alice-77aa-secret';

const auth = new StaticTokenAuthenticator([
  { name: 'devin', token: DEVIN, groups: ['agents'] },
  { name: 'alice@example.com', token: hashToken(ALICE).toUpperCase().replace('SHA256:', 'sha256:'), groups: ['dba'] },
]);

describe('StaticTokenAuthenticator', () => {
  it('hashes tokens as sha256:<hex>', () => {
    expect(hashToken('abc')).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('accepts a plain configured token', async () => {
    expect(await auth.authenticate(DEVIN)).toEqual({ ok: true, identity: { name: 'devin', groups: ['agents'], source: 'token' } });
  });

  it('accepts a token configured by its sha256 hash, in any hex case', async () => {
    expect(await auth.authenticate(ALICE)).toEqual({ ok: true, identity: { name: 'alice@example.com', groups: ['dba'], source: 'token' } });
  });

  it.each([['wrong'], [''], [`${DEVIN} `], [hashToken(DEVIN)], [DEVIN.toUpperCase()]])('rejects %j without echoing it', async (secret) => {
    const result = await auth.authenticate(secret);
    expect(result).toEqual({ ok: false, reason: 'invalid token', unrecognized: true });
  });

  it('never keeps a plain token or SCRAM keys where inspect or JSON can show them', () => {
    const credential = auth.scramCredential('devin')!;
    const keys = scramKeys(saltedPasswordSync(DEVIN, credential.verifier.salt, credential.verifier.iterations));
    const spellings = [keys.storedKey, keys.serverKey].flatMap((k) => [k.toString('base64'), k.toString('hex'), inspect(k).slice(8, 40)]);
    for (const shown of [inspect(auth, { depth: 10, showHidden: true }), inspect(credential, { depth: 10, showHidden: true }), JSON.stringify(credential)]) {
      expect(shown).not.toContain(DEVIN);
      expect(shown).not.toContain(ALICE);
      for (const key of spellings) expect(shown).not.toContain(key);
    }
  });

  it('derives a SCRAM verifier (random salt, 4096 iterations) for a plain token, proving its identity', async () => {
    const credential = auth.scramCredential('devin');
    expect(credential?.identity).toEqual({ name: 'devin', groups: ['agents'], source: 'token' });
    expect(credential?.verifier.iterations).toBe(4096);
    expect(credential?.verifier.salt).toHaveLength(16);
    const other = new StaticTokenAuthenticator([{ name: 'devin', token: DEVIN, groups: [] }]);
    expect(other.scramCredential('devin')?.verifier.salt).not.toEqual(credential?.verifier.salt);

    const client = scramClientFirst();
    const first = scramServerFirst(credential!.verifier, client.message);
    const final = await scramClientFinal(client, first.message, DEVIN);
    expect(first.final(final.message)).toBe(`v=${final.expectedServerSignature.toString('base64')}`);
  });

  it('has no verifier for a token configured as sha256: (cleartext only)', () => {
    expect(auth.scramCredential('alice@example.com')).toBeUndefined();
  });

  it('answers an unknown name with a mock verifier: stable salt, no identity, same shape as a real one', () => {
    const mock = auth.scramCredential('mallory');
    expect(mock?.identity).toBeUndefined();
    expect(mock?.verifier.iterations).toBe(4096);
    expect(mock?.verifier.salt).toHaveLength(16);
    expect(auth.scramCredential('mallory')?.verifier.salt).toEqual(mock?.verifier.salt);
    expect(auth.scramCredential('eve')?.verifier.salt).not.toEqual(mock?.verifier.salt);
  });

  it('leaves unknown names to cleartext when another source holds names too (OIDC)', () => {
    const open = new StaticTokenAuthenticator([{ name: 'devin', token: DEVIN, groups: [] }], { openNames: true });
    expect(open.scramCredential('alice@idp.example')).toBeUndefined();
    expect(open.scramCredential('devin')?.identity?.name).toBe('devin');
  });

  it('refuses two identities sharing one token, naming them but not the token', () => {
    const build = () =>
      new StaticTokenAuthenticator([
        { name: 'a', token: DEVIN, groups: [] },
        { name: 'b', token: hashToken(DEVIN), groups: [] },
      ]);
    expect(build).toThrow('tokens for "a" and "b" are the same; each identity needs its own token');
  });

  it('refuses one name configured twice (SCRAM picks the verifier by name)', () => {
    expect(() => new StaticTokenAuthenticator([{ name: 'a', token: DEVIN, groups: [] }, { name: 'a', token: ALICE, groups: [] }])).toThrow(
      'identity "a" is configured twice',
    );
  });

  it('refuses a malformed sha256 value', () => {
    expect(() => new StaticTokenAuthenticator([{ name: 'a', token: 'sha256:1234', groups: [] }])).toThrow(
      'token for "a": a sha256: token must be followed by 64 hex digits',
    );
  });
});
