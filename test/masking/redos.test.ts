import { checkSync } from 'recheck';
import { beforeAll, describe, expect, it } from 'vitest';
import { DETECTOR_PATTERNS } from '../../src/masking/detectors/index.js';
import * as findAll from '../../src/masking/find-all.js';
import * as styles from '../../src/masking/styles.js';

/** Every regular expression the masking engine runs. */
const PATTERNS: readonly RegExp[] = [...DETECTOR_PATTERNS, ...findAll.patterns, ...styles.patterns];

/**
 * recheck decides, per pattern, between an automaton analysis and fuzzing with real backtracking
 * (used for large bounded repeats and look-behinds), and reports super-linear matching as
 * vulnerable. Its pure JavaScript build runs here; the native and Java backends are not used.
 */
function check(pattern: RegExp): ReturnType<typeof checkSync> {
  return checkSync(pattern.source, pattern.flags);
}

describe('ReDoS lint', () => {
  beforeAll(() => {
    process.env.RECHECK_SYNC_BACKEND = 'pure';
  });

  it('the checker catches catastrophic and polynomial patterns, bounded ones included', () => {
    expect(check(/^(a+)+$/).status).toBe('vulnerable');
    expect(check(/\w+@/g).status).toBe('vulnerable');
    expect(check(/(?:\w{1,64} ?){1,8}@/g).status).toBe('vulnerable');
  });

  it('collects the patterns of every module', () => {
    expect(PATTERNS.length).toBeGreaterThan(30);
  });

  it.each(PATTERNS.map((p) => [`/${p.source.length > 70 ? `${p.source.slice(0, 70)}…` : p.source}/${p.flags}`, p] as const))(
    '%s matches in linear time',
    (_name, pattern) => {
      const result = check(pattern);
      expect(result.status, JSON.stringify(result)).toBe('safe');
    },
    60_000,
  );
});
