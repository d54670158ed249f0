import type { Action } from '../../core/verdict.js';

/** One thing the classifier noticed about a statement. */
export interface Finding {
  readonly action: Action;
  readonly reason: string;
  /**
   * A configured rule cannot decide below this finding's action: every deny, and reviews of what the
   * classifier could not read (parse errors, dynamic SQL, EXECUTE of an unseen prepared statement).
   */
  readonly fixed?: boolean;
}

/** What the preset classifier learned about one statement: parse-derived facts plus its own findings. */
export interface StatementAnalysis {
  readonly text: string;
  readonly kinds: readonly string[];
  readonly tables: readonly string[];
  readonly functions: readonly string[];
  readonly findings: readonly Finding[];
}
