import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from '../cli-error.js';

/** What `airlock login` keeps between runs for one issuer and client. */
export interface StoredTokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  /** Epoch seconds; absent when the IdP did not say, and then the token is never reused. */
  readonly expiresAt?: number;
}

type TokenFile = Record<string, StoredTokens>;

/** `$XDG_CONFIG_HOME/airlock/tokens.json`, else `~/.config/airlock/tokens.json`. */
export function tokensPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(base, 'airlock', 'tokens.json');
}

export const storeKey = (issuer: string, clientId: string) => `${issuer} ${clientId}`;

// Checked by hand rather than with a schema library: the CLI should start fast.
function isStoredTokens(v: unknown): v is StoredTokens {
  const t = v as Partial<Record<string, unknown>> | null;
  return (
    typeof t === 'object' && t !== null && typeof t.accessToken === 'string' &&
    ['string', 'undefined'].includes(typeof t.refreshToken) && ['number', 'undefined'].includes(typeof t.expiresAt)
  );
}

/** The tokens file: readable by its owner only, as it holds refresh tokens. */
export class TokenStore {
  constructor(readonly path: string) {}

  async get(key: string): Promise<StoredTokens | undefined> {
    const entry = (await this.#read())[key];
    return isStoredTokens(entry) ? entry : undefined;
  }

  /** Every well-formed login stored. */
  async all(): Promise<StoredTokens[]> {
    return Object.values(await this.#read()).filter(isStoredTokens);
  }

  async put(key: string, tokens: StoredTokens): Promise<void> {
    const all = { ...(await this.#read()), [key]: tokens };
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // mkdir's mode only applies to directories it creates; a pre-existing one is tightened too.
    await chmod(dir, 0o700);
    // A fresh file created 0600 and renamed over the old: no moment where the tokens are readable by others or half-written.
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(all, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
    await rename(tmp, this.path);
  }

  async #read(): Promise<TokenFile> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as TokenFile;
    } catch {
      // Reported below, like any other shape.
    }
    throw new CliError(`${this.path} is not a tokens file; remove it to log in afresh`);
  }
}
