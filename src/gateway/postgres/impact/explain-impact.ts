/**
 * The impact text reviewers see, from `EXPLAIN (VERBOSE, FORMAT JSON)` output: one entry per table the
 * plan writes, e.g. "DELETE on public.orders, ~12,304 rows". VERBOSE is what adds the "Schema" field.
 */

/** Prefix of every impact text that carries no estimate. */
export const IMPACT_UNKNOWN = 'impact unknown';

export const impactUnknown = (reason: string): string => `${IMPACT_UNKNOWN}: ${reason}`;

/** Whether an impact text is an estimate worth showing the agent (not absent, not "impact unknown: …"). */
export const isKnownImpact = (impact: string | null): impact is string => impact !== null && !impact.startsWith(IMPACT_UNKNOWN);

/** Worded as the policy's reasons word writes ("INSERT into", "DELETE on"). */
const OPERATIONS: Readonly<Record<string, string>> = {
  Insert: 'INSERT into',
  Update: 'UPDATE on',
  Delete: 'DELETE on',
  Merge: 'MERGE into',
};

type PlanNode = Readonly<Record<string, unknown>>;

const isNode = (v: unknown): v is PlanNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const children = (n: PlanNode): PlanNode[] => (Array.isArray(n.Plans) ? n.Plans.filter(isNode) : []);

function formatRows(n: number): string {
  const rows = Math.round(n);
  return `~${rows.toLocaleString('en-US')} ${rows === 1 ? 'row' : 'rows'}`;
}

/**
 * Describes every ModifyTable node of the plan (writable CTEs add more, joined with "; "). Its own
 * "Plan Rows" is 0 without RETURNING, so the estimate is its input: the "Outer" child's rows.
 * Returns null when the plan writes no table directly; throws on output that is not an EXPLAIN plan.
 */
export function describeImpact(explainJson: unknown): string | null {
  const root = Array.isArray(explainJson) && isNode(explainJson[0]) ? explainJson[0].Plan : undefined;
  if (!isNode(root)) throw new Error('unexpected EXPLAIN output');
  const writes: string[] = [];
  const visit = (node: PlanNode): void => {
    const operation = typeof node.Operation === 'string' ? OPERATIONS[node.Operation] : undefined;
    if (node['Node Type'] === 'ModifyTable' && operation) {
      const table = [node.Schema, node['Relation Name']].filter((p) => typeof p === 'string').join('.');
      const input = children(node).find((c) => c['Parent Relationship'] === 'Outer');
      const rows = input?.['Plan Rows'];
      writes.push(`${operation} ${table || '(unnamed table)'}${typeof rows === 'number' ? `, ${formatRows(rows)}` : ''}`);
    }
    children(node).forEach(visit);
  };
  visit(root);
  return writes.length > 0 ? writes.join('; ') : null;
}
