import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import { parseConfig } from './parse.js';
import type { AirlockConfig } from './types.js';

export { ConfigError } from './config-error.js';
export { parseDuration } from './duration.js';
export { parseConfig } from './parse.js';

/** Reads and validates the config file; throws ConfigError naming every problem. */
export async function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): Promise<AirlockConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${path}: cannot read config file (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`]);
  }
  return parseConfig(text, { baseDir: dirname(file), env });
}
