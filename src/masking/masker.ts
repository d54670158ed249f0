import { randomBytes } from 'node:crypto';
import type { MaskingConfig } from '../config/types.js';
import { ColumnRules, type ColumnOrigin } from './column-rules.js';
import { detectorsFor } from './detectors/index.js';
import { findAll } from './find-all.js';
import type { MaskCounts } from './mask-counts.js';
import { maskText, maskWhole } from './styles.js';
import type { Detector, DetectorName, Finding, MaskStyle } from './types.js';
import { WholeValueMask } from './whole-value-mask.js';

/**
 * One masking set, ready to apply: column rules for values whose origin is known, and content
 * detectors for everything else. Protocol-agnostic and pure apart from the random key it makes when
 * the config gives none.
 */
export class Masker {
  readonly columns: ColumnRules;
  private readonly detectors: readonly Detector[];
  private readonly styles: ReadonlyMap<DetectorName, MaskStyle>;
  private readonly key: Buffer;
  /** Pseudonym labels by column, made once: a label is needed for every masked value. */
  private readonly labels = new Map<string, string>();
  /** Column masks by style and column, made once: results ask for them at every statement. */
  private readonly columnMasks = new Map<string, WholeValueMask>();

  constructor(config: MaskingConfig) {
    this.columns = new ColumnRules(config.columns);
    this.detectors = detectorsFor(config.detectors.map((d) => d.name));
    this.styles = new Map(config.detectors.map((d) => [d.name, d.style]));
    // Without a configured key, pseudonyms are stable for this process only.
    this.key = config.key !== undefined ? Buffer.from(config.key, 'utf8') : randomBytes(32);
  }

  get detecting(): boolean {
    return this.detectors.length > 0;
  }

  styleFor(origin: ColumnOrigin): MaskStyle | undefined {
    return this.columns.styleFor(origin);
  }

  /** `text` with every detected value replaced; the same string when nothing was found. */
  scrub(text: string, counts: MaskCounts): string {
    if (!this.detecting) return text;
    const findings = findAll(text, this.detectors);
    if (findings.length === 0) return text;
    for (const f of findings) counts.add(f.label);
    return maskText(text, findings, this.styleOf, this.key);
  }

  /** Made once: it is passed for every value the detectors change. */
  private readonly styleOf = (f: Finding): MaskStyle => this.styles.get(f.detector) ?? 'redact';

  /**
   * A whole value under a column rule; `column` (`schema.table.column`) names it in the counts, and
   * its last part names pseudonyms (`email_9f2c1a7b`) so an agent can still tell columns apart.
   */
  whole(value: string, style: MaskStyle, column: string, counts: MaskCounts): string {
    counts.add(column);
    return maskWhole(value, style, this.key, this.labelFor(style, column));
  }

  /** What `whole` does for one column, prepared once for all its values; counting is the caller's. */
  columnMask(style: MaskStyle, column: string): WholeValueMask {
    const id = `${style} ${column}`;
    let mask = this.columnMasks.get(id);
    if (mask === undefined) this.columnMasks.set(id, (mask = new WholeValueMask(style, this.labelFor(style, column), this.key)));
    return mask;
  }

  private labelFor(style: MaskStyle, column: string): string {
    if (style === 'redact') return 'MASKED';
    let name = this.labels.get(column);
    if (name === undefined) this.labels.set(column, (name = column.slice(column.lastIndexOf('.') + 1).toUpperCase()));
    return name;
  }
}
