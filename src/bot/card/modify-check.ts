import { createHash } from 'node:crypto';
import type { Verdict } from '../../core/verdict.js';
import { diffText, lineDiff } from './line-diff.js';

/** What a reviewer is shown before a modification runs: the change and how policy sees the new text. Plain. */
export interface ModifyCheck {
  readonly diff: string;
  readonly verdictLine: string;
  readonly reasons: readonly string[];
}

const VERDICT_LINE: Record<Verdict['action'], string> = {
  allow: 'Policy allows the new statement.',
  review: 'Policy would hold the new statement for review; your modification approves it.',
  deny: 'Policy blocks the new statement.',
};

/** Pure. */
export function modifyCheck(before: string, after: string, verdict: Verdict): ModifyCheck {
  return { diff: diffText(lineDiff(before, after)), verdictLine: VERDICT_LINE[verdict.action], reasons: verdict.reasons };
}

/** The digest a modification carries for the text the reviewer saw checked; running other text is refused. */
export const checkedDigest = (command: string) => createHash('sha256').update(command).digest('base64url').slice(0, 22);
