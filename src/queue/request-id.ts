import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lowercase: no ambiguous case when typed

/** `apr_` and 10 random base32 characters (50 bits): unique enough with a create-if-absent check, short enough to type. */
export function newRequestId(): string {
  const bytes = randomBytes(10);
  let id = 'apr_';
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}

export const REQUEST_ID = /^apr_[a-z2-7]{10}$/;
