import { describe, expect, it } from 'vitest';
import { scramServerFirst } from '../../src/gateway/postgres/scram-server.js';
import { scramClientFinal, scramClientFirst } from '../../src/gateway/postgres/upstream/scram-sha-256.js';
import { ProtocolViolation } from '../../src/gateway/postgres/wire/protocol-error.js';
import { deriveScramVerifier, mockScramVerifier } from '../../src/identity/scram-verifier.js';
import { RFC7677 } from '../support/scram-rfc7677.js';

const verifier = deriveScramVerifier(RFC7677.password, RFC7677.salt, RFC7677.iterations);
const rfcFirst = () => scramServerFirst(verifier, RFC7677.clientFirst, RFC7677.serverNonce);
const rfcFinalWith = (change: (m: string) => string) => () => rfcFirst().final(change(RFC7677.clientFinal));

describe('SCRAM-SHA-256 server', () => {
  it('reproduces the RFC 7677 exchange from a verifier derived from the password', () => {
    const first = rfcFirst();
    expect(first.message).toBe(RFC7677.serverFirst);
    expect(first.final(RFC7677.clientFinal)).toBe(RFC7677.serverFinal);
  });

  it('answers the gateway\'s own SCRAM client, with a fresh nonce each time', async () => {
    const client = scramClientFirst();
    const first = scramServerFirst(verifier, client.message);
    expect(first.message).not.toBe(scramServerFirst(verifier, client.message).message);
    const final = await scramClientFinal(client, first.message, 'pencil');
    expect(first.final(final.message)).toBe(`v=${final.expectedServerSignature.toString('base64')}`);
  });

  it('accepts the "y" flag (client could bind, sees that we cannot) when c= repeats it', async () => {
    const first = scramServerFirst(verifier, `y,,n=,r=${RFC7677.clientNonce}`, RFC7677.serverNonce);
    const nonce = RFC7677.clientNonce + RFC7677.serverNonce;
    expect(first.final(`c=eSws,r=${nonce},p=${Buffer.alloc(32).toString('base64')}`)).toBeUndefined();
  });

  it('refuses a wrong proof, and any proof against a mock verifier', async () => {
    const client = scramClientFirst();
    const wrong = scramServerFirst(verifier, client.message);
    expect(wrong.final((await scramClientFinal(client, wrong.message, 'not-pencil')).message)).toBeUndefined();

    const mock = mockScramVerifier(Buffer.from('server secret'), 'nobody');
    expect(mock.salt).toEqual(mockScramVerifier(Buffer.from('server secret'), 'nobody').salt);
    expect(mock.salt).toHaveLength(16);
    const probe = scramServerFirst(mock, client.message);
    expect(probe.message).toMatch(/^r=[^,]+,s=[A-Za-z0-9+/]{22}==,i=4096$/);
    expect(probe.final((await scramClientFinal(client, probe.message, 'pencil')).message)).toBeUndefined();
  });

  it.each([
    ['channel binding', 'p=tls-server-end-point,,n=,r=abc', /channel binding \(SCRAM-SHA-256-PLUS\) is not supported/],
    ['an authzid', 'n,a=admin,n=,r=abc', /authorization identities are not supported/],
    ['a mandatory extension', 'n,,m=ext,n=,r=abc', /mandatory extensions/],
    ['no nonce', 'n,,n=', /malformed SCRAM client-first/],
    ['an unprintable nonce', 'n,,n=,r=a\u00e9b', /malformed SCRAM client-first/],
    ['an unknown flag', 'x,,n=,r=abc', /malformed SCRAM client-first/],
    ['garbage', 'hello', /malformed SCRAM client-first/],
  ])('refuses a client-first message with %s', (_what, message, error) => {
    expect(() => scramServerFirst(verifier, message)).toThrow(ProtocolViolation);
    expect(() => scramServerFirst(verifier, message)).toThrow(error);
  });

  it.each([
    ['a nonce that is not ours', (m: string) => m.replace('$k0,', '$k1,'), /nonce mismatch/],
    ['only the client nonce', (m: string) => m.replace(RFC7677.serverNonce, ''), /nonce mismatch/],
    ['bad base64 in the proof', (m: string) => m.replace(/p=.*/, 'p=not*base64'), /malformed SCRAM client-final/],
    ['a short proof', (m: string) => m.replace(/p=.*/, 'p=AAAA'), /malformed SCRAM client-final/],
    ['a binding that differs from the gs2 header', (m: string) => m.replace('c=biws', 'c=eSws'), /channel binding does not match/],
    ['bad base64 in the binding', (m: string) => m.replace('c=biws', 'c=b!ws'), /channel binding does not match/],
    ['no proof', (m: string) => m.replace(/,p=.*/, ''), /malformed SCRAM client-final/],
    ['attributes out of order', (m: string) => m.split(',').reverse().join(','), /malformed SCRAM client-final/],
  ])('refuses a client-final message with %s', (_what, change, error) => {
    expect(rfcFinalWith(change)).toThrow(ProtocolViolation);
    expect(rfcFinalWith(change)).toThrow(error);
  });

  it('ignores extensions before the proof (they are signed)', () => {
    const withExtension = RFC7677.clientFinal.replace(',p=', ',x=1,p=');
    expect(rfcFirst().final(withExtension)).toBeUndefined();
  });
});
