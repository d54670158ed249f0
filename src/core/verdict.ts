export type Action = 'allow' | 'review' | 'deny';

const RANK: Record<Action, number> = { allow: 0, review: 1, deny: 2 };

/** The policy's judgement of one command. */
export interface Verdict {
  readonly action: Action;
  /** Human-readable, e.g. "DELETE without WHERE on public.orders". Empty only for a plain allow. */
  readonly reasons: readonly string[];
  /** Tables touched, schema-qualified when the statement qualifies them. */
  readonly tables: readonly string[];
  /** Statement kinds seen, e.g. ["select"], ["delete", "select"]. */
  readonly kinds: readonly string[];
  /** Name of the configured rule that decided, when one did. */
  readonly rule?: string;
}

export function riskier(a: Action, b: Action): Action {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Combines verdicts so the riskiest action wins and every reason is kept. */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  let action: Action = 'allow';
  const reasons = new Set<string>();
  const tables = new Set<string>();
  const kinds = new Set<string>();
  let rule: string | undefined;
  for (const v of verdicts) {
    if (RANK[v.action] > RANK[action] || (v.action === action && rule === undefined)) rule = v.rule ?? rule;
    action = riskier(action, v.action);
    v.reasons.forEach((r) => reasons.add(r));
    v.tables.forEach((t) => tables.add(t));
    v.kinds.forEach((k) => kinds.add(k));
  }
  return { action, reasons: [...reasons], tables: [...tables], kinds: [...kinds], ...(rule ? { rule } : {}) };
}
