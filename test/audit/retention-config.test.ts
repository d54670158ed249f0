import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

const parse = (yaml: string) => parseConfig(yaml, { baseDir: '/etc/airlock', env: {} });

describe('audit.retention', () => {
  it('reads days (and the other duration units) into milliseconds', () => {
    expect(parse('audit: { retention: 90d }\n').audit.retention).toBe(90 * 86_400_000);
    expect(parse('audit: { retention: 1d12h }\n').audit.retention).toBe(36 * 3_600_000);
  });

  it('keeps events forever when absent', () => {
    expect(parse('audit: {}\n').audit.retention).toBeUndefined();
  });

  it('names a value that is not a duration', () => {
    expect(() => parse('audit: { retention: forever }\n')).toThrow(new ConfigError(['audit.retention: "forever" is not a duration (expected e.g. 90s, 5m, 2h)']));
  });
});
