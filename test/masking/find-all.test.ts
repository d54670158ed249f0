import { describe, expect, it } from 'vitest';
import { ALL_DETECTORS, detectorsFor } from '../../src/masking/detectors/index.js';
import { findAll } from '../../src/masking/find-all.js';
import { DETECTOR_NAMES, type Detector, type DetectorName, type Finding } from '../../src/masking/types.js';
import { labelled } from './helpers.js';

/** A detector that reports fixed spans and counts its calls. */
function fixed(name: DetectorName, spans: Array<[number, number]>): Detector & { calls: number } {
  return {
    name,
    calls: 0,
    find(): Finding[] {
      this.calls++;
      return spans.map(([start, end]) => ({ detector: name, label: name.toUpperCase(), start, end }));
    },
  };
}

const spans = (findings: Finding[]): string[] => findings.map((f) => `${f.detector}:${f.start}-${f.end}`);

describe('findAll', () => {
  const text = 'x'.repeat(40);

  it('keeps the longest of overlapping spans', () => {
    const short = fixed('email', [[0, 5]]);
    const long = fixed('phone', [[3, 12]]);
    expect(spans(findAll(text, [short, long]))).toEqual(['phone:3-12']);
  });

  it('breaks ties by detector order', () => {
    const a = fixed('email', [[2, 8]]);
    const b = fixed('phone', [[4, 10]]);
    expect(spans(findAll(text, [a, b]))).toEqual(['email:2-8']);
    expect(spans(findAll(text, [b, a]))).toEqual(['phone:4-10']);
  });

  it('keeps spans that only touch, and drops every one a longer span overlaps', () => {
    const a = fixed('email', [[0, 4], [10, 13]]);
    const b = fixed('phone', [[4, 10], [12, 20]]);
    expect(spans(findAll(text, [a, b]))).toEqual(['email:0-4', 'phone:4-10', 'phone:12-20']);
  });

  it('returns findings sorted by start, without touching its input', () => {
    const a = fixed('ip', [[30, 35], [0, 2]]);
    const b = fixed('iban', [[10, 20]]);
    const detectors = [a, b];
    expect(spans(findAll(text, detectors))).toEqual(['ip:0-2', 'iban:10-20', 'ip:30-35']);
    expect(detectors).toEqual([a, b]);
  });

  it('skips the detectors for values that cannot hold anything', () => {
    const probe = fixed('email', []);
    for (const value of ['', 'abcd', '1234', '123456']) findAll(value, [probe]);
    expect(probe.calls).toBe(0);
    findAll('1234567', [probe]);
    findAll('a@b.c', [probe]);
    expect(probe.calls).toBe(2);
  });

  it('masks a connection string as its password, not as an email address', () => {
    expect(labelled('postgres://app:pa55@db.example.com/app')).toEqual(['PASSWORD:pa55']);
  });

  it('finds everything in a mixed text', () => {
    const text =
      'Jane (jane@example.com, +44 20 7946 0958) paid with 4111 1111 1111 1111 from 10.0.0.1; SSN 536-32-3065, IBAN GB82 WEST 1234 5698 7654 32, password=hunter2';
    expect(labelled(text)).toEqual([
      'EMAIL:jane@example.com',
      'PHONE:+44 20 7946 0958',
      'CREDIT_CARD:4111 1111 1111 1111',
      'IP_ADDRESS:10.0.0.1',
      'US_SSN:536-32-3065',
      'IBAN:GB82 WEST 1234 5698 7654 32',
      'PASSWORD:hunter2',
    ]);
  });
});

describe('detectorsFor', () => {
  it('gives the named detectors in the order given', () => {
    expect(detectorsFor(['phone', 'email']).map((d) => d.name)).toEqual(['phone', 'email']);
    expect(detectorsFor([])).toEqual([]);
  });

  it('has a detector for every name, and ALL_DETECTORS in DETECTOR_NAMES order', () => {
    expect(detectorsFor(DETECTOR_NAMES).map((d) => d.name)).toEqual(DETECTOR_NAMES);
    expect(ALL_DETECTORS.map((d) => d.name)).toEqual(DETECTOR_NAMES);
  });
});
