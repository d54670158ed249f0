import { describe, expect, it } from 'vitest';
import { ALL_DETECTORS } from '../../src/masking/detectors/index.js';

/**
 * Each detector on megabyte inputs built to make a backtracking matcher stall. No wall-clock
 * assertion (the ReDoS lint proves the patterns linear); these check the detectors finish and
 * find exactly what they should, so a pathological input cannot hang the gateway.
 */
const N = 1_000_000;

const NOTHING_TO_FIND: Record<string, string> = {
  'letters': 'a'.repeat(N),
  'digits': '1'.repeat(N),
  'dashes, then @': `${'-'.repeat(N)}@`,
  'letters, then @': `${'a'.repeat(N)}@`,
  '@ then dotted letters': `@${'a.'.repeat(N / 2)}`,
  'spaced digits': '1 '.repeat(N / 2),
  'dotted digits': '1.'.repeat(N / 2),
  'colons': 'a:'.repeat(N / 2),
  'hex': 'f'.repeat(N),
  'JWT prefixes': 'eyJ'.repeat(N / 3),
  'URL prefixes': 'a://b:'.repeat(N / 6),
  'secret words': 'token '.repeat(N / 6),
  'IBAN prefixes': 'GB82'.repeat(N / 4),
  'parenthesised digits': '(1) '.repeat(N / 4),
};

describe('detectors on adversarial megabyte inputs', () => {
  it.each(Object.entries(NOTHING_TO_FIND).flatMap(([name, text]) => ALL_DETECTORS.map((d) => [d.name, name, d, text] as const)))(
    '%s finds nothing in %s',
    (_detector, _input, detector, text) => {
      expect(detector.find(text)).toHaveLength(0);
    },
  );

  it.each([
    ['email', 'jane@example.com ', 'EMAIL'],
    ['us_ssn', '536-32-3065 ', 'US_SSN'],
    ['ip', '10.0.0.1 ', 'IP_ADDRESS'],
    ['credit_card', '4111111111111111 ', 'CREDIT_CARD'],
    ['secrets', 'password=hunter2 ', 'PASSWORD'],
  ])('%s finds every one of a megabyte of repeated values', (name, value, label) => {
    const detector = ALL_DETECTORS.find((d) => d.name === name);
    const copies = Math.floor(N / value.length);
    const found = detector?.find(value.repeat(copies)) ?? [];
    expect(found).toHaveLength(copies);
    expect(found.every((f) => f.label === label)).toBe(true);
  });

  it('the PEM scan pairs many BEGIN lines without END in one pass', () => {
    const line = '-----BEGIN PRIVATE KEY-----\n';
    const copies = Math.floor(N / line.length);
    const found = ALL_DETECTORS.find((d) => d.name === 'secrets')?.find(line.repeat(copies)) ?? [];
    expect(found).toHaveLength(copies);
  });
});
