/**
 * True when an error means "the database could not be reached" (refused, reset, timed out, shutting
 * down) rather than "the database answered no" (bad password, missing privilege), which must not be
 * papered over by spooling.
 */
export function isUnreachable(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return true; // pg's own timeouts and "Connection terminated" carry no code
  if (!/^[0-9A-Z]{5}$/.test(code)) return true; // errno: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EHOSTUNREACH…
  return code.startsWith('08') || code.startsWith('57P') || code === '53300'; // connection, shutdown, too many connections
}
