import type { Finding } from '../../types.js';
import { scan } from '../scan.js';

/** PEM armour of any private key kind: RSA, EC, DSA, OPENSSH, ENCRYPTED, or plain PKCS#8. */
const BEGIN = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----/g;
const END = /-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY-----/g;
/** Body of a block whose END line is missing (a truncated value): base64, line breaks, escaped `\n`. */
const BODY = /[A-Za-z0-9+/=\s\\]*/y;

export const patterns: readonly RegExp[] = [BEGIN, END, BODY];

/**
 * The whole block from BEGIN to the next END. END markers are collected once and paired in order,
 * so many BEGINs without an END cost no more than one pass.
 */
export function findPrivateKeys(text: string): Finding[] {
  if (!text.includes('-----BEGIN ')) return [];
  const ends = scan(END, text, (m) => m.index + m[0].length);
  const found: Finding[] = [];
  let next = 0;
  let from = 0;
  for (const begin of scan(BEGIN, text, (m) => m)) {
    if (begin.index < from) continue; // inside the block before
    const afterBegin = begin.index + begin[0].length;
    while ((ends[next] ?? Infinity) <= afterBegin) next++;
    let end = ends[next];
    if (end === undefined) {
      BODY.lastIndex = afterBegin;
      end = afterBegin + (BODY.exec(text)?.[0].trimEnd().length ?? 0);
    }
    found.push({ detector: 'secrets', label: 'PRIVATE_KEY', start: begin.index, end });
    from = end;
  }
  return found;
}
