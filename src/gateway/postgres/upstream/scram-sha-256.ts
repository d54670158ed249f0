import { randomBytes } from 'node:crypto';
import {
  GS2_HEADER,
  authMessage,
  clientProof,
  decodeBase64,
  sameBytes,
  saltedPassword,
  scramAttributes,
  scramKeys,
  serverSignature,
} from '../../../util/scram-sha-256.js';

/**
 * The client side of SCRAM-SHA-256 (RFC 5802 / RFC 7677) without channel binding, as PostgreSQL
 * runs it. Pure apart from PBKDF2 (async, off the event loop) and the nonce.
 */

/** Iteration counts above this are refused: a hostile server could otherwise pin a CPU for minutes. */
export const MAX_SCRAM_ITERATIONS = 1_000_000;

export interface ScramClientFirst {
  /** Sent in SASLInitialResponse. */
  readonly message: string;
  readonly bare: string;
  readonly nonce: string;
}

export interface ScramClientFinal {
  /** Sent in SASLResponse. */
  readonly message: string;
  /** What the server must answer with in SASLFinal ("v=…"), base64-decoded. */
  readonly expectedServerSignature: Buffer;
}

/** PostgreSQL ignores the SCRAM user name (it uses the startup user), so it is sent empty. */
export function scramClientFirst(nonce = randomBytes(18).toString('base64'), user = ''): ScramClientFirst {
  const bare = `n=${user.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${nonce}`;
  return { message: GS2_HEADER + bare, bare, nonce };
}

function parseAttributes(message: string, what: string): Map<string, string> {
  const attrs = scramAttributes(message);
  if (!attrs) throw new Error(`upstream sent a malformed SCRAM ${what} message`);
  return new Map(attrs);
}

/** Checks the server-first message and computes the client proof and the signature the server owes us. */
export async function scramClientFinal(first: ScramClientFirst, serverFirst: string, password: string): Promise<ScramClientFinal> {
  const attrs = parseAttributes(serverFirst, 'server-first');
  const nonce = attrs.get('r');
  const saltB64 = attrs.get('s');
  const iterationsText = attrs.get('i');
  if (!nonce || !saltB64 || !iterationsText) throw new Error('upstream sent a malformed SCRAM server-first message');
  if (!nonce.startsWith(first.nonce) || nonce.length === first.nonce.length) {
    throw new Error('upstream SCRAM nonce does not extend the gateway nonce');
  }
  const salt = Buffer.from(saltB64, 'base64');
  if (salt.length === 0) throw new Error('upstream sent an empty SCRAM salt');
  if (!/^[1-9][0-9]{0,9}$/.test(iterationsText) || Number(iterationsText) > MAX_SCRAM_ITERATIONS) {
    throw new Error(`upstream asked for an unacceptable SCRAM iteration count (limit ${MAX_SCRAM_ITERATIONS})`);
  }

  const keys = scramKeys(await saltedPassword(password, salt, Number(iterationsText)));
  const withoutProof = `c=${Buffer.from(GS2_HEADER).toString('base64')},r=${nonce}`;
  const message = authMessage(first.bare, serverFirst, withoutProof);
  return {
    message: `${withoutProof},p=${clientProof(keys, message).toString('base64')}`,
    expectedServerSignature: serverSignature(keys.serverKey, message),
  };
}

/** Throws unless the server-final message proves the server knows the password. */
export function verifyScramServerFinal(final: ScramClientFinal, serverFinal: string): void {
  const attrs = parseAttributes(serverFinal, 'server-final');
  const error = attrs.get('e');
  if (error !== undefined) throw new Error(`upstream SCRAM authentication failed: ${error}`);
  const signature = decodeBase64(attrs.get('v') ?? '');
  if (!signature || !sameBytes(signature, final.expectedServerSignature)) {
    throw new Error('upstream server could not prove it knows the password (bad SCRAM server signature)');
  }
}
