import type { Finding } from '../../types.js';
import { scan } from '../scan.js';

/**
 * Credentials that announce themselves with a fixed prefix. Each pattern is one bounded run after
 * the prefix, fenced by look-arounds so it never starts or ends inside a longer token.
 */
const TOKENS: ReadonlyArray<{ readonly label: string; readonly pattern: RegExp }> = [
  // Access key ids: AKIA long-term, ASIA temporary; the others are ids of other IAM resources.
  { label: 'AWS_ACCESS_KEY', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  { label: 'GOOGLE_API_KEY', pattern: /(?<![\w-])AIza[\w-]{35}(?![\w-])/g },
  { label: 'GITHUB_TOKEN', pattern: /(?<!\w)(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_\w{22,255})(?!\w)/g },
  { label: 'GITLAB_TOKEN', pattern: /(?<![\w-])glpat-[\w-]{20,64}(?![\w-])/g },
  { label: 'SLACK_TOKEN', pattern: /(?<![\w-])(?:xox[abposr]|xoxe(?:\.xox[bp])?|xapp)-[A-Za-z0-9-]{10,250}(?![\w-])/g },
  // Publishable test keys (pk_test_) are meant to be public.
  { label: 'STRIPE_KEY', pattern: /(?<!\w)(?:sk_live|sk_test|rk_live|rk_test|pk_live)_[A-Za-z0-9]{10,247}(?!\w)/g },
];

/**
 * Text every one of those tokens contains (AWS ids, AIza, gh?_, github_pat_, glpat-, xox/xapp, Stripe's
 * k_live_/k_test_): one pass that rules most values out before six patterns scan them.
 */
const HINT = /A(?:KIA|SIA|BIA|CCA|GPA|IDA|IPA|NPA|NVA|ROA|PKA|Iza)|gh[pousr]_|github_pat_|glpat-|xox|xapp-|k_(?:live|test)_/;

export const patterns: readonly RegExp[] = [...TOKENS.map((t) => t.pattern), HINT];

export function findTokens(text: string): Finding[] {
  if (!HINT.test(text)) return [];
  return TOKENS.flatMap(({ label, pattern }) =>
    scan(pattern, text, (m) => ({ detector: 'secrets', label, start: m.index, end: m.index + m[0].length })),
  );
}
