import { randomBytes } from 'node:crypto';
import type { ScramVerifier } from '../../core/identity.js';
import { authMessage, decodeBase64, scramAttributes } from '../../util/scram-sha-256.js';
import { ProtocolViolation } from './wire/protocol-error.js';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';

/** RFC 5802 "printable": ASCII 0x21-0x7e except ','. */
const NONCE = /^[\x21-\x2b\x2d-\x7e]+$/;

/** gs2-header: cbind-flag "," [authzid] "," */
const GS2_HEADER = /^([^,]*),([^,]*),/;

export interface ScramServerFirst {
  /** The server-first-message, sent in AuthenticationSASLContinue. */
  readonly message: string;
  /** Checks the client-final-message: the server-final-message to send, or undefined for a wrong proof. */
  final(clientFinal: string): string | undefined;
}

const malformed = (what: string) => new ProtocolViolation(`malformed SCRAM ${what} message`);

/**
 * The server side of SCRAM-SHA-256 (RFC 5802 / RFC 7677) without channel binding, as PostgreSQL
 * runs it: the SCRAM user name is ignored (the startup `user` chose the verifier). Pure apart from
 * the default nonce; malformed messages throw ProtocolViolation.
 */
export function scramServerFirst(verifier: ScramVerifier, clientFirst: string, serverNonce = randomBytes(18).toString('base64')): ScramServerFirst {
  const header = GS2_HEADER.exec(clientFirst);
  if (!header) throw malformed('client-first');
  const [gs2Header, cbindFlag = '', authzid = ''] = header;
  if (cbindFlag.startsWith('p=')) {
    throw new ProtocolViolation('SCRAM channel binding (SCRAM-SHA-256-PLUS) is not supported; connect with channel_binding=prefer or disable');
  }
  // "y": the client could bind but thinks we can't, which is true (RFC 5802 section 6).
  if (cbindFlag !== 'n' && cbindFlag !== 'y') throw malformed('client-first');
  if (authzid !== '') throw new ProtocolViolation('SCRAM authorization identities are not supported');

  const bare = clientFirst.slice(gs2Header.length);
  const [user, nonce] = scramAttributes(bare) ?? [];
  if (user?.[0] === 'm') throw new ProtocolViolation('SCRAM mandatory extensions are not supported');
  if (user?.[0] !== 'n' || nonce?.[0] !== 'r' || !NONCE.test(nonce[1])) throw malformed('client-first');

  const fullNonce = nonce[1] + serverNonce;
  const message = `r=${fullNonce},s=${verifier.salt.toString('base64')},i=${verifier.iterations}`;
  return {
    message,
    final(clientFinal) {
      // c=…,r=…[,extensions],p=…
      const attrs = scramAttributes(clientFinal) ?? [];
      const [binding, finalNonce] = attrs;
      const proofAttr = attrs.at(-1);
      if (attrs.length < 3 || binding?.[0] !== 'c' || finalNonce?.[0] !== 'r' || proofAttr?.[0] !== 'p') throw malformed('client-final');
      // Without channel binding, c= repeats the gs2 header, so a downgraded header is caught here.
      if (!decodeBase64(binding[1])?.equals(Buffer.from(gs2Header))) throw new ProtocolViolation('SCRAM channel binding does not match the client-first message');
      if (finalNonce[1] !== fullNonce) throw new ProtocolViolation('SCRAM nonce mismatch');
      const proof = decodeBase64(proofAttr[1]);
      if (!proof || proof.length !== 32) throw malformed('client-final');
      const withoutProof = clientFinal.slice(0, clientFinal.length - proofAttr[1].length - ',p='.length);
      const signed = authMessage(bare, message, withoutProof);
      return verifier.verifyProof(signed, proof) ? `v=${verifier.serverSignature(signed).toString('base64')}` : undefined;
    },
  };
}
