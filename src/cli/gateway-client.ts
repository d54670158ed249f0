import { CliError } from './cli-error.js';
import { storedAccessToken } from './login/stored-token.js';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:8080';

/** How a running gateway is reached: `AIRLOCK_URL` and the bearer token in `AIRLOCK_TOKEN` (else the one `airlock login` stored). */
export interface GatewayClient {
  /** GET with the bearer token; resolves only with a 2xx response, otherwise throws a CliError carrying the server's message. */
  get(path: string, query?: Readonly<Record<string, string | undefined>>): Promise<Response>;
  /** POST of a JSON body, with the same token, query and error handling as `get`. */
  post(path: string, body: unknown, query?: Readonly<Record<string, string | undefined>>): Promise<Response>;
}

/** The URL as safe to print: without any user:password part. */
function displayUrl(url: URL): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.href.replace(/\/$/, '');
}

function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/**
 * 409: the request was fine but the state moved on (already decided, expired), so the operation failed (1).
 * Other 4xx: the caller's request or rights are wrong, a usage-class error (2). 5xx: the gateway failed (1).
 */
function exitCodeForStatus(status: number): number {
  return status < 500 && status !== 409 ? 2 : 1;
}

async function serverMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const { error } = JSON.parse(text) as { error?: unknown };
    if (typeof error === 'string') return error;
  } catch {
    // not one of the gateway's JSON errors: fall through to the status line
  }
  return res.statusText || 'request failed';
}

export function gatewayClient(env: NodeJS.ProcessEnv): GatewayClient {
  const raw = env.AIRLOCK_URL || DEFAULT_GATEWAY_URL;
  let base: URL;
  try {
    base = new URL(raw);
  } catch {
    throw new CliError(`AIRLOCK_URL is not a URL: ${raw}`);
  }
  const shown = displayUrl(base);
  let token: Promise<string> | undefined;
  /** AIRLOCK_TOKEN, else the token `airlock login` stored (read once, at the first request). */
  const bearer = () => (token ??= env.AIRLOCK_TOKEN ? Promise.resolve(env.AIRLOCK_TOKEN) : storedAccessToken(env));

  /** GET, or POST of `json` when given. */
  const send = async (url: URL, json?: unknown): Promise<Response> => {
    const authorization = `Bearer ${await bearer()}`;
    const init: RequestInit =
      json === undefined
        ? { headers: { authorization } }
        : { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(json) };
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (err) {
      throw new CliError(`cannot reach the gateway at ${shown} (${networkCode(err)}); is it running, and is AIRLOCK_URL right?`);
    }
    if (res.ok) return res;
    throw new CliError(`${await serverMessage(res)} (HTTP ${res.status})`, exitCodeForStatus(res.status));
  };
  const urlOf = (path: string, query: Readonly<Record<string, string | undefined>>) => {
    const url = new URL(path.replace(/^\//, ''), base.href.endsWith('/') ? base : `${base.href}/`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    return url;
  };

  return {
    get: (path, query = {}) => send(urlOf(path, query)),
    post: (path, body, query = {}) => send(urlOf(path, query), body),
  };
}
