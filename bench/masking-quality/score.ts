import { findAll } from '../../src/masking/find-all.js';
import type { Detector, Finding } from '../../src/masking/types.js';
import type { Sample, Span } from './dataset.js';

/** The dataset's entity types the detectors cover, and the label each one's findings carry. */
export const COVERED: ReadonlyMap<string, string> = new Map([
  ['EMAIL_ADDRESS', 'EMAIL'],
  ['CREDIT_CARD', 'CREDIT_CARD'],
  ['US_SSN', 'US_SSN'],
  ['IBAN_CODE', 'IBAN'],
  ['PHONE_NUMBER', 'PHONE'],
  ['IP_ADDRESS', 'IP_ADDRESS'],
]);
const COVERED_LABELS: ReadonlySet<string> = new Set(COVERED.values());

export interface TypeScore {
  readonly entityType: string;
  readonly label: string;
  /** Labelled spans, and how many a finding of the label covers by half or more. */
  spans: number;
  found: number;
  /** Findings of the label, and how many overlap a labelled span of the type. */
  findings: number;
  truePositives: number;
}

/** A span or finding worth a look when tuning: what was expected or found, with its surroundings. */
export interface Miss {
  readonly kind: 'missed' | 'false positive' | 'changed without cause';
  readonly label: string;
  readonly context: string;
}

export interface QualityScore {
  readonly texts: number;
  readonly types: TypeScore[];
  /** Texts with no span of a covered type, and how many of them findAll changed anyway. */
  textsWithoutCause: number;
  changedWithoutCause: number;
  /** Labelled spans of types no detector covers (PERSON, ADDRESS, …), by type. */
  readonly notCovered: Map<string, number>;
  /** Findings whose label is none of the covered types' (secrets), by label. */
  readonly otherFindings: Map<string, number>;
  readonly misses: Miss[];
  /** Wall time spent in findAll, and the characters it scanned. */
  elapsedMs: number;
  chars: number;
}

function overlap(a: { start: number; end: number }, s: Span): number {
  return Math.max(0, Math.min(a.end, s.end_position) - Math.max(a.start, s.start_position));
}

function context(text: string, start: number, end: number): string {
  return JSON.stringify(`${text.slice(Math.max(0, start - 30), start)}[[${text.slice(start, end)}]]${text.slice(end, end + 20)}`);
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function scoreSamples(samples: readonly Sample[], detectors: readonly Detector[]): QualityScore {
  const score: QualityScore = {
    texts: samples.length,
    types: [...COVERED].map(([entityType, label]) => ({ entityType, label, spans: 0, found: 0, findings: 0, truePositives: 0 })),
    textsWithoutCause: 0,
    changedWithoutCause: 0,
    notCovered: new Map(),
    otherFindings: new Map(),
    misses: [],
    elapsedMs: 0,
    chars: 0,
  };
  for (const { full_text: text, spans } of samples) {
    const started = performance.now();
    const findings = findAll(text, detectors);
    score.elapsedMs += performance.now() - started;
    score.chars += text.length;
    for (const s of spans) if (!COVERED.has(s.entity_type)) count(score.notCovered, s.entity_type);
    const covered = spans.filter((s) => COVERED.has(s.entity_type));
    if (covered.length === 0) {
      score.textsWithoutCause++;
      if (findings.length > 0) score.changedWithoutCause++;
    }
    for (const t of score.types) scoreType(t, text, spans, findings, score.misses, covered.length === 0);
    for (const f of findings) if (!COVERED_LABELS.has(f.label)) count(score.otherFindings, f.label);
  }
  return score;
}

function scoreType(t: TypeScore, text: string, spans: readonly Span[], findings: readonly Finding[], misses: Miss[], noCause: boolean): void {
  const expected = spans.filter((s) => s.entity_type === t.entityType);
  const mine = findings.filter((f) => f.label === t.label);
  t.spans += expected.length;
  t.findings += mine.length;
  for (const s of expected) {
    const length = s.end_position - s.start_position;
    if (mine.some((f) => overlap(f, s) * 2 >= length)) t.found++;
    else misses.push({ kind: 'missed', label: t.label, context: context(text, s.start_position, s.end_position) });
  }
  for (const f of mine) {
    if (expected.some((s) => overlap(f, s) > 0)) t.truePositives++;
    else misses.push({ kind: noCause ? 'changed without cause' : 'false positive', label: t.label, context: context(text, f.start, f.end) });
  }
}
