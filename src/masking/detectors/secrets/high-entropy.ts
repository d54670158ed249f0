import type { Finding } from '../../types.js';
import { keywordBefore, scan } from '../scan.js';

/**
 * Random-looking strings right after a secret-like word: AWS secret access keys (40 base64
 * characters after "aws" or "secret") and, more generally, any token of 20+ characters whose
 * character distribution is close to random. Without the keyword nothing is flagged, which is what
 * lets hex digests, UUIDs and other ids through.
 */
/** Base64, base64url, base62 or hex, with padding only at the end; may follow `=` as in `token=…`. */
const CANDIDATE = /(?<![\w+/-])[\w+/-]{20,512}={0,2}(?![\w+/=-])/g;
const KEYWORD = /secret|token|passw(?:or)?d|pwd|api[_ -]?key|apikey|credential|auth|bearer|private[_ -]?key|access[_ -]?key|signing[_ -]?key/i;
const AWS_KEYWORD = /aws|secret/i;
const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Za-z]/;
const HAS_UPPER = /[A-Z]/;
const HAS_LOWER = /[a-z]/;

export const patterns: readonly RegExp[] = [CANDIDATE, KEYWORD, AWS_KEYWORD, AWS_SECRET, UUID, HAS_DIGIT, HAS_LETTER, HAS_UPPER, HAS_LOWER];

/** How far before a candidate the keyword may stand, on the same line. */
const WINDOW = 40;
/**
 * Bits per character. Random base62/base64 of 20+ characters scores about 4 or more, random hex
 * about 3.7; identifiers built from words, and ids with long repeated runs, score lower.
 */
const MIN_ENTROPY = 3.5;

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function label(text: string, start: number, value: string): string | undefined {
  if (AWS_SECRET.test(value) && HAS_UPPER.test(value) && HAS_LOWER.test(value) && keywordBefore(text, start, AWS_KEYWORD, WINDOW)) {
    return 'AWS_SECRET_KEY';
  }
  // Random tokens almost always mix letters and digits; long identifiers and prose do not.
  const randomLooking = HAS_DIGIT.test(value) && HAS_LETTER.test(value) && !UUID.test(value) && shannonEntropy(value) >= MIN_ENTROPY;
  return randomLooking && keywordBefore(text, start, KEYWORD, WINDOW) ? 'SECRET' : undefined;
}

export function findHighEntropySecrets(text: string): Finding[] {
  if (!KEYWORD.test(text)) return [];
  return scan(CANDIDATE, text, (m) => {
    const kind = label(text, m.index, m[0]);
    return kind === undefined ? undefined : { detector: 'secrets', label: kind, start: m.index, end: m.index + m[0].length };
  });
}
