import type { Identity } from '../core/identity.js';
import { riskier, type Action, type Verdict } from '../core/verdict.js';
import type { PolicyRule, RuleMatch } from '../config/types.js';
import type { StatementAnalysis } from './sql/findings.js';

export interface PolicyContext {
  readonly identity: Identity;
  readonly connection: string;
}

/**
 * Applies configured rules to one analysed statement; the first matching rule decides.
 * A rule may escalate anything and relax a preset review, but never go below a fixed finding:
 * denies (server files, lexing changes, roles…) and reviews of what could not be read stay as they are.
 */
export function applyRules(statement: StatementAnalysis, rules: readonly PolicyRule[], ctx: PolicyContext): Verdict {
  const preset = statement.findings.reduce<Action>((a, f) => riskier(a, f.action), 'allow');
  const floor = statement.findings.reduce<Action>((a, f) => (f.action === 'deny' || f.fixed ? riskier(a, f.action) : a), 'allow');
  const presetReasons = statement.findings.filter((f) => f.action !== 'allow').map((f) => f.reason);
  const facts = { tables: statement.tables, kinds: statement.kinds };
  const index = rules.findIndex((r) => ruleMatches(r.match, statement, ctx));
  const rule = rules[index];
  if (!rule) return { action: preset, reasons: presetReasons, ...facts };
  const name = rule.name ?? `rule ${index + 1}`;
  if (riskier(rule.action, floor) !== rule.action) {
    return { action: floor, reasons: [...presetReasons, `${name} cannot relax this: it is always ${floor === 'deny' ? 'blocked' : 'reviewed'}`], ...facts };
  }
  const ruleReason = rule.reason ?? `${rule.action} by ${name}`;
  const reasons = rule.action === 'allow' ? [ruleReason] : [ruleReason, ...presetReasons];
  return { action: rule.action, reasons, ...facts, rule: name };
}

export function ruleMatches(match: RuleMatch, s: StatementAnalysis, ctx: PolicyContext): boolean {
  return (
    anyOf(match.kinds, (k) => s.kinds.includes(k.toLowerCase())) &&
    anyOf(match.tables, (p) => s.tables.some((t) => nameMatches(p, t))) &&
    anyOf(match.functions, (p) => s.functions.some((f) => nameMatches(p, f))) &&
    anyOf(match.groups, (g) => ctx.identity.groups.includes(g)) &&
    anyOf(match.identities, (i) => i === ctx.identity.name) &&
    anyOf(match.connections, (c) => c === ctx.connection)
  );
}

function anyOf(list: readonly string[] | undefined, test: (entry: string) => boolean): boolean {
  return list === undefined || list.some(test);
}

/**
 * Glob match of a dotted name, case-insensitively; `*` stays within one name part. A pattern is
 * compared with the same number of trailing parts, so "payments" matches any schema's payments,
 * while "audit.*" cannot match a bare "log" (its schema depends on search_path, a reviewed setting).
 */
export function nameMatches(pattern: string, name: string): boolean {
  const patternParts = pattern.toLowerCase().split('.');
  const nameParts = name.toLowerCase().split('.');
  if (nameParts.length < patternParts.length) return false;
  const tail = nameParts.slice(nameParts.length - patternParts.length);
  return patternParts.every((p, i) => globPart(p).test(tail[i] ?? ''));
}

function globPart(part: string): RegExp {
  return new RegExp(`^${part.split('*').map((s) => s.replace(/[\\^$+?.()|[\]{}]/g, '\\$&')).join('.*')}$`);
}
