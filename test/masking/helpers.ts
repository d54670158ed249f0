import { ALL_DETECTORS } from '../../src/masking/detectors/index.js';
import { findAll } from '../../src/masking/find-all.js';
import type { Detector } from '../../src/masking/types.js';

/** What `detector` flags in `text`, as the flagged substrings. */
export function hits(detector: Detector, text: string): string[] {
  return detector.find(text).map((f) => text.slice(f.start, f.end));
}

/** What all detectors together flag in `text`, as `LABEL:substring`. */
export function labelled(text: string): string[] {
  return findAll(text, ALL_DETECTORS).map((f) => `${f.label}:${text.slice(f.start, f.end)}`);
}
