import { randomBytes } from 'node:crypto';
import type { ScramVerifier } from '../core/identity.js';
import { hmac, proofMatches, saltedPasswordSync, scramKeys, serverSignature } from '../util/scram-sha-256.js';

/** PostgreSQL's defaults, so an agent's client spends what it would against a real server. */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;

/** StoredKey and ServerKey only; private fields keep them out of `inspect` and JSON. */
class StoredScramVerifier implements ScramVerifier {
  readonly #storedKey: Buffer;
  readonly #serverKey: Buffer;

  constructor(
    readonly salt: Buffer,
    readonly iterations: number,
    keys: { readonly storedKey: Buffer; readonly serverKey: Buffer },
  ) {
    this.#storedKey = keys.storedKey;
    this.#serverKey = keys.serverKey;
  }

  verifyProof(authMessage: string, proof: Buffer): boolean {
    return proofMatches(this.#storedKey, authMessage, proof);
  }

  serverSignature(authMessage: string): Buffer {
    return serverSignature(this.#serverKey, authMessage);
  }
}

/** Derives a verifier from a token (blocking PBKDF2: done once per token at startup). */
export function deriveScramVerifier(token: string, salt = randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS): ScramVerifier {
  const { storedKey, serverKey } = scramKeys(saltedPasswordSync(token, salt, iterations));
  return new StoredScramVerifier(salt, iterations, { storedKey, serverKey });
}

/**
 * A verifier for a user name that has none, as PostgreSQL does for nonexistent roles: the salt is
 * derived from a server secret so it stays the same for that name across attempts, and the keys
 * are random, so no proof can match (that would need a SHA-256 preimage).
 */
export function mockScramVerifier(secret: Buffer, user: string): ScramVerifier {
  const salt = hmac(secret, `mock salt for ${user}`).subarray(0, SALT_BYTES);
  return new StoredScramVerifier(salt, SCRAM_ITERATIONS, { storedKey: randomBytes(32), serverKey: randomBytes(32) });
}
