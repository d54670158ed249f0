/**
 * Which StartupMessage parameters may reach the upstream. Anything that changes how the server lexes
 * statements or whom it treats the session as would let an agent slip past the classifier, so only
 * presentation and timeout settings pass; the rest is refused by name.
 */
const FORWARDED = new Set([
  'datestyle',
  'timezone',
  'intervalstyle',
  'extra_float_digits',
  'client_encoding',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
  'bytea_output',
]);

/** Client encodings whose multibyte characters can contain `\` or `'` bytes, so the parser would misread them. */
const UNSAFE_ENCODINGS = new Set(['SJIS', 'SHIFTJIS', 'MSKANJI', 'WIN932', 'SHIFTJIS2004', 'BIG5', 'WIN950', 'GBK', 'WIN936', 'GB18030', 'UHC', 'WIN949', 'JOHAB']);

export interface StartupRequest {
  readonly user: string | undefined;
  readonly database: string | undefined;
  readonly applicationName: string | undefined;
  /** Parameters to pass to the upstream, keyed by their original spelling. */
  readonly forward: Record<string, string>;
  /** `_pq_.` protocol options to decline in NegotiateProtocolVersion. */
  readonly protocolOptions: readonly string[];
}

export type StartupCheck = { readonly ok: true; readonly request: StartupRequest } | { readonly ok: false; readonly reason: string };

export function checkStartupParams(params: ReadonlyMap<string, string>): StartupCheck {
  const forward: Record<string, string> = {};
  const protocolOptions: string[] = [];
  for (const [key, value] of params) {
    const k = key.toLowerCase();
    if (k === 'user' || k === 'database' || k === 'application_name') continue;
    if (k.startsWith('_pq_.')) {
      protocolOptions.push(key);
      continue;
    }
    if (k === 'replication') {
      if (['false', 'off', 'no', '0'].includes(value.toLowerCase())) continue;
      return { ok: false, reason: 'replication connections are not allowed through airlock' };
    }
    if (k === 'options') {
      if (value.trim() === '') continue;
      return { ok: false, reason: 'startup options are not allowed through airlock (they can change how statements are parsed or authorized)' };
    }
    if (!FORWARDED.has(k)) return { ok: false, reason: `startup parameter "${key}" is not allowed through airlock` };
    if (k === 'client_encoding' && UNSAFE_ENCODINGS.has(value.toUpperCase().replace(/[-_]/g, ''))) {
      return { ok: false, reason: `client encoding ${value} is not supported through airlock; use UTF8` };
    }
    forward[key] = value;
  }
  return {
    ok: true,
    request: { user: params.get('user'), database: params.get('database'), applicationName: params.get('application_name'), forward, protocolOptions },
  };
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
