import type { Finding } from '../../types.js';
import { scan } from '../scan.js';

/**
 * `password=…`, `pwd: …`, `"api_key": "…"`, `token = '…'`: a credential-like key, optional closing
 * quote, `:` or `=`, then a quoted value or a bare one up to whitespace or a delimiter. Keys may
 * carry a prefix (`db_password`, `AWS_SECRET_ACCESS_KEY`) but not run on (`password_hash`).
 */
const KEYS = [
  'pass(?:word|wd)?',
  'pwd',
  'secret',
  'client[_-]?secret',
  'secret[_-]?key',
  'api[_-]?key',
  'access[_-]?key',
  'private[_-]?key',
  '(?:access|auth|refresh|bearer)?[_-]?token',
];
const VALUE = `"[^"\\r\\n]{1,256}"|'[^'\\r\\n]{1,256}'|[^\\s"',;&]{1,256}`;
const PAIR = new RegExp(`(?<![A-Za-z0-9])(${KEYS.join('|')})["']?[ \\t]{0,3}[:=][ \\t]{0,3}(${VALUE})`, 'gi');
/** Values that hold nothing: already masked, or explicitly empty. */
const PLACEHOLDER = /^(?:\*{1,256}|null|none|undefined)$/i;
const PASSWORD_KEY = /^(?:pass|pwd)/i;

export const patterns: readonly RegExp[] = [PAIR, PLACEHOLDER, PASSWORD_KEY];

/** Only the value is masked (without its quotes), so the key still says what was there. */
export function findKeyValueSecrets(text: string): Finding[] {
  // Every pair has its `:` or `=`; most values have neither.
  if (!text.includes('=') && !text.includes(':')) return [];
  return scan(PAIR, text, (m) => {
    const key = m[1] ?? '';
    const raw = m[2] ?? '';
    const quoted = raw.startsWith('"') || raw.startsWith("'");
    const value = quoted ? raw.slice(1, -1) : raw;
    if (PLACEHOLDER.test(value)) return undefined;
    const end = m.index + m[0].length - (quoted ? 1 : 0);
    const label = PASSWORD_KEY.test(key) ? 'PASSWORD' : 'SECRET';
    return { detector: 'secrets', label, start: end - value.length, end };
  });
}
