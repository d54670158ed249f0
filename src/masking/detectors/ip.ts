import { isIPv4, isIPv6 } from 'node:net';
import type { Detector, Finding } from '../types.js';
import { hasChars, scan } from './scan.js';

/**
 * A run of the characters an IPv4 or IPv6 address is written with, not inside a longer token; Node's
 * own parsers then decide. One cheap character-class run keeps the pattern trivially linear, and
 * the parsers reject what only looks similar: versions (1.2.3), dates, times (12:30:45), MACs,
 * octets above 255 or with leading zeros.
 */
const CANDIDATE = /(?<![\w:.])[0-9A-Fa-f:.]{7,45}(?![\w:])/g;

export const patterns: readonly RegExp[] = [CANDIDATE];

/**
 * The address within a candidate: without sentence punctuation that may trail it ("reach it at
 * 10.0.0.1.") and without a port after an IPv4 address ("10.0.0.1:5432").
 */
function addressIn(candidate: string): string {
  const colon = candidate.indexOf(':');
  if (colon > 0 && isIPv4(candidate.slice(0, colon))) return candidate.slice(0, colon);
  return candidate.endsWith('.') || (candidate.endsWith(':') && !candidate.endsWith('::')) ? candidate.slice(0, -1) : candidate;
}

/** IPv6 needs two or more hextets with four or more hex digits, so "::1", "a::b" and other near-empty forms stay. */
function substantialIPv6(value: string): boolean {
  const hextets = value.split(':').filter((h) => h !== '');
  const digits = Array.from(value).filter((ch) => ch !== ':' && ch !== '.').length;
  return hextets.length >= 2 && digits >= 4;
}

export const ip: Detector = {
  name: 'ip',
  find(text: string): Finding[] {
    // An IPv4 address has three dots, an IPv6 one at least two colons.
    if (text.length < 7 || (!hasChars(text, '.', 3) && !hasChars(text, ':', 2))) return [];
    return scan(CANDIDATE, text, (m) => {
      const value = addressIn(m[0]);
      if (!isIPv4(value) && !(isIPv6(value) && substantialIPv6(value))) return undefined;
      return { detector: 'ip', label: 'IP_ADDRESS', start: m.index, end: m.index + value.length };
    });
  },
};
