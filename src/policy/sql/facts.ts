import type { Finding, StatementAnalysis } from './findings.js';

/** Accumulates what the classifier learns about one statement, de-duplicated and in first-seen order. */
export class FactsBuilder {
  private readonly kinds = new Set<string>();
  private readonly tables = new Set<string>();
  private readonly functions = new Set<string>();
  private readonly findings = new Map<string, Finding>();

  kind(kind: string): void {
    this.kinds.add(kind);
  }

  table(name: string): void {
    this.tables.add(name);
  }

  fn(name: string): void {
    this.functions.add(name);
  }

  find(finding: Finding): void {
    const key = `${finding.action}:${finding.reason}`;
    if (!this.findings.has(key) || finding.fixed) this.findings.set(key, finding);
  }

  /** Folds in an embedded statement's facts (DO block bodies). */
  merge(other: StatementAnalysis): void {
    other.kinds.forEach((k) => this.kind(k));
    other.tables.forEach((t) => this.table(t));
    other.functions.forEach((f) => this.fn(f));
    other.findings.forEach((f) => this.find(f));
  }

  build(text: string): StatementAnalysis {
    return {
      text,
      kinds: [...this.kinds],
      tables: [...this.tables],
      functions: [...this.functions],
      findings: [...this.findings.values()],
    };
  }
}
