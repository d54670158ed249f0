import type { Finding } from '../../types.js';
import { scan } from '../scan.js';

/** header.payload.signature in base64url; both JSON parts start with `{"`, which encodes as `eyJ`. */
const JWT = /(?<![\w-])eyJ[\w-]{5,2048}\.eyJ[\w-]{2,16384}\.[\w-]{0,2048}(?![\w-])/g;

export const patterns: readonly RegExp[] = [JWT];

/** The header must decode to a JSON object naming its algorithm, which rules out look-alike dotted ids. */
function hasJoseHeader(token: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

export function findJwts(text: string): Finding[] {
  if (!text.includes('eyJ')) return [];
  return scan(JWT, text, (m) =>
    hasJoseHeader(m[0]) ? { detector: 'secrets', label: 'JWT', start: m.index, end: m.index + m[0].length } : undefined,
  );
}
