import * as z from 'zod';
import { didYouMean } from './did-you-mean.js';
import { DURATION_EXAMPLES, parseDuration } from './duration.js';

/**
 * A mapping that rejects keys it does not know, so a typo is an error rather than a silently
 * ignored setting. Its unknown-keys message is one `key<TAB>text` line per key, which
 * `formatIssues` turns into one error line per key.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${key}\tunknown key${hint(key, known)}`).join('\n')
        : undefined,
  });
}

function hint(key: string, known: readonly string[]): string {
  return known.length ? ` (expected one of ${known.join(', ')}${didYouMean(key, known)})` : ' (expected no keys here)';
}

export const text = z.string().min(1, { error: 'must not be empty (expected a non-empty string)' });

export const names = z.array(text);

/** Numbers may arrive as strings from `${PORT}`; whole-number strings are read as numbers. */
function numeric<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v), schema);
}

export const port = numeric(
  z
    .number()
    .int({ error: 'expected a whole port number 1..65535' })
    .min(1, { error: (i) => `port ${String(i.input)} is out of range (expected 1..65535)` })
    .max(65535, { error: (i) => `port ${String(i.input)} is out of range (expected 1..65535)` }),
);

export const positiveInt = numeric(
  z
    .number()
    .int({ error: 'expected a whole number of at least 1' })
    .min(1, { error: (i) => `${String(i.input)} is too small (expected a whole number of at least 1)` }),
);

/** "90s", "5m", "2h" → milliseconds, greater than zero. */
export const duration = z.unknown().transform((value, ctx) => {
  const shown = typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : 'this value';
  const ms = typeof value === 'string' ? tryParseDuration(value) : undefined;
  if (ms === undefined || ms <= 0) {
    const wrong = ms === undefined ? 'is not a duration' : 'is not longer than zero';
    ctx.addIssue({ code: 'custom', message: `${shown} ${wrong} (expected ${DURATION_EXAMPLES})`, input: value });
    return z.NEVER;
  }
  return ms;
});

function tryParseDuration(value: string): number | undefined {
  try {
    return parseDuration(value);
  } catch {
    return undefined;
  }
}

/** A value that must be a URL with one of the given schemes; the value is not echoed as it may hold a password. */
export function urlWithScheme(schemes: readonly string[]) {
  const pattern = new RegExp(`^(${schemes.join('|')})://\\S+$`);
  return z.string().regex(pattern, { error: `expected a ${schemes.map((s) => `${s}://…`).join(' or ')} URL` });
}
