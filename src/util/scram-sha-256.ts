import { createHash, createHmac, pbkdf2, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * SCRAM-SHA-256 (RFC 5802 / RFC 7677) building blocks shared by the upstream client and the
 * agent-facing server. Pure apart from PBKDF2.
 *
 * SASLprep is not applied: for ASCII passwords it is the identity, and for others PostgreSQL itself
 * falls back to the raw UTF-8 bytes when a password is not valid SASLprep input.
 */

/** "n,,": no channel binding, no authzid. */
export const GS2_HEADER = 'n,,';

const pbkdf2Async = promisify(pbkdf2);

/** SaltedPassword := Hi(password, salt, i), off the event loop. */
export const saltedPassword = (password: string, salt: Buffer, iterations: number): Promise<Buffer> =>
  pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');

/** The same, blocking: for deriving verifiers once at startup. */
export const saltedPasswordSync = (password: string, salt: Buffer, iterations: number): Buffer =>
  pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');

export const hmac = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

const sha256 = (data: Buffer): Buffer => createHash('sha256').update(data).digest();

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Constant-time comparison that tolerates different lengths (which are not secret). */
export const sameBytes = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

export interface ScramKeys {
  readonly clientKey: Buffer;
  /** H(ClientKey): what a server keeps to check proofs. */
  readonly storedKey: Buffer;
  /** What a server keeps to sign its final message. */
  readonly serverKey: Buffer;
}

export function scramKeys(salted: Buffer): ScramKeys {
  const clientKey = hmac(salted, 'Client Key');
  return { clientKey, storedKey: sha256(clientKey), serverKey: hmac(salted, 'Server Key') };
}

/** AuthMessage := client-first-message-bare + "," + server-first-message + "," + client-final-message-without-proof */
export const authMessage = (clientFirstBare: string, serverFirst: string, clientFinalWithoutProof: string): string =>
  `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;

/** ClientProof := ClientKey XOR HMAC(StoredKey, AuthMessage) */
export const clientProof = (keys: ScramKeys, message: string): Buffer => xor(keys.clientKey, hmac(keys.storedKey, message));

/** Whether `proof` was made with the ClientKey behind `storedKey`: H(proof XOR HMAC(StoredKey, AuthMessage)) = StoredKey. */
export function proofMatches(storedKey: Buffer, message: string, proof: Buffer): boolean {
  const signature = hmac(storedKey, message);
  if (proof.length !== signature.length) return false;
  return timingSafeEqual(sha256(xor(proof, signature)), storedKey);
}

/** ServerSignature := HMAC(ServerKey, AuthMessage) */
export const serverSignature = (serverKey: Buffer, message: string): Buffer => hmac(serverKey, message);

/** Splits "k=v,k=v,…" into ordered attribute pairs; undefined when any part is not one. */
export function scramAttributes(message: string): Array<readonly [string, string]> | undefined {
  const attrs: Array<readonly [string, string]> = [];
  for (const part of message.split(',')) {
    if (!/^[a-zA-Z]=/.test(part)) return undefined;
    attrs.push([part[0]!, part.slice(2)]);
  }
  return attrs;
}

/** Strict base64 (canonical padding, no whitespace); Buffer.from alone silently skips junk. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}
