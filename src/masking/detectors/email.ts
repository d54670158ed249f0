import type { Detector, Finding } from '../types.js';
import { scan } from './scan.js';

/**
 * Local part, `@`, then dot-separated domain labels ending in an alphabetic TLD. Every run is
 * bounded, and the look-behind keeps a scan from restarting inside a local part it already
 * rejected.
 */
const EMAIL = /(?<![\w.%+-])[\w.%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![\w-])/g;
/**
 * `scheme://`, `scheme://user:` or `scheme://user:pa@` right before the match: the "local part" is
 * then a URL's user or (the tail of) its password, which the secrets detector owns, not a mailbox.
 */
const URL_USERINFO = /:\/\/[^\s:/@]{0,256}(?::[^\s/]{0,256})?$/;

export const patterns: readonly RegExp[] = [EMAIL, URL_USERINFO];

export const email: Detector = {
  name: 'email',
  find(text: string): Finding[] {
    if (!text.includes('@')) return [];
    return scan(EMAIL, text, (m) => {
      const local = m[0].slice(0, m[0].indexOf('@'));
      // RFC 5321: no leading, trailing or doubled dot in an unquoted local part.
      if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
      if (URL_USERINFO.test(text.slice(Math.max(0, m.index - 260), m.index))) return undefined;
      return { detector: 'email', label: 'EMAIL', start: m.index, end: m.index + m[0].length };
    });
  },
};
