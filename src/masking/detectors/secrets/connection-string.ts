import type { Finding } from '../../types.js';
import { scan } from '../scan.js';

/**
 * `scheme://user:password@host` for any scheme (postgres, mysql, redis, amqp, mongodb+srv, …). The
 * user part cannot hold `:` or `@`, so the password is everything from the first `:` to the last
 * `@` before the host; it may itself hold an unescaped `@` or `:`.
 */
const USERINFO = /(?<![\w+.-])[A-Za-z][\w+.-]{1,30}:\/\/[^\s:/@]{0,256}:([^\s/]{1,256})@/g;

export const patterns: readonly RegExp[] = [USERINFO];

/** Only the password is masked: the scheme, user and host stay readable. */
export function findConnectionPasswords(text: string): Finding[] {
  if (!text.includes('://')) return [];
  return scan(USERINFO, text, (m) => {
    const end = m.index + m[0].length - 1;
    return { detector: 'secrets', label: 'PASSWORD', start: end - (m[1]?.length ?? 0), end };
  });
}
