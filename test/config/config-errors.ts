import { expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

export const CONFIG_OPTS = { baseDir: '/etc/airlock', env: {} };

/** The error lines a config file gets; fails the test if it loads. */
export function configErrors(yaml: string): string[] {
  try {
    parseConfig(yaml, CONFIG_OPTS);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).errors];
  }
  throw new Error('expected a ConfigError');
}
