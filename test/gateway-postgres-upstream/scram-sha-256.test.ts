import { describe, expect, it } from 'vitest';
import {
  MAX_SCRAM_ITERATIONS,
  scramClientFinal,
  scramClientFirst,
  verifyScramServerFinal,
} from '../../src/gateway/postgres/upstream/scram-sha-256.js';
import { RFC7677 } from '../support/scram-rfc7677.js';

const { clientNonce: CLIENT_NONCE, serverFirst: SERVER_FIRST, clientFinal: CLIENT_FINAL, serverFinal: SERVER_FINAL } = RFC7677;

describe('SCRAM-SHA-256 client', () => {
  it('reproduces the RFC 7677 exchange and accepts the genuine server signature', async () => {
    const first = scramClientFirst(CLIENT_NONCE, 'user');
    expect(first.message).toBe(`n,,n=user,r=${CLIENT_NONCE}`);
    const final = await scramClientFinal(first, SERVER_FIRST, 'pencil');
    expect(final.message).toBe(CLIENT_FINAL);
    expect(() => verifyScramServerFinal(final, SERVER_FINAL)).not.toThrow();
  });

  it('sends PostgreSQL an empty user name and a fresh nonce each time', () => {
    const a = scramClientFirst();
    expect(a.message).toMatch(/^n,,n=,r=[A-Za-z0-9+/=]{24}$/);
    expect(scramClientFirst().nonce).not.toBe(a.nonce);
  });

  it('rejects a signature made without the password, and a server-reported error', async () => {
    const final = await scramClientFinal(scramClientFirst(CLIENT_NONCE, 'user'), SERVER_FIRST, 'not-pencil');
    expect(() => verifyScramServerFinal(final, SERVER_FINAL)).toThrow(/could not prove it knows the password/);
    expect(() => verifyScramServerFinal(final, 'e=invalid-proof')).toThrow(/SCRAM authentication failed: invalid-proof/);
  });

  it.each([
    ['a nonce that does not extend ours', 'r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096', /nonce does not extend/],
    ['our nonce unextended', `r=${CLIENT_NONCE},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`, /nonce does not extend/],
    ['a missing salt', `r=${CLIENT_NONCE}x,i=4096`, /malformed SCRAM server-first/],
    ['zero iterations', `r=${CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0`, /unacceptable SCRAM iteration count/],
    ['too many iterations', `r=${CLIENT_NONCE}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=${MAX_SCRAM_ITERATIONS + 1}`, /unacceptable SCRAM iteration count/],
    ['garbage', 'hello world', /malformed SCRAM server-first/],
  ])('rejects a server-first message with %s', async (_what, serverFirst, error) => {
    await expect(scramClientFinal(scramClientFirst(CLIENT_NONCE), serverFirst, 'pencil')).rejects.toThrow(error);
  });
});
