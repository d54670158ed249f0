import { digestText } from '../../audit/digest/digest-text.js';
import type { TeamsChannelConfig } from '../../config/types.js';
import type { Digest } from '../../core/digest.js';
import type { SessionSummary } from '../../core/session-summary.js';
import { clip } from '../../util/clip.js';
import { summaryCounts, summaryHeadline, summaryRiskiest } from '../card/session-summary-text.js';
import { adaptiveCard, type AdaptiveCard, type Mention, paragraph, run, when } from './card-kit.js';

export type Oncall = NonNullable<TeamsChannelConfig['oncall']>;

/** Replies and digests are text, but long ones are cut well inside Teams' message size. */
const MAX_TEXT = 8_000;

/** `<at>` only accepts a display name; angle brackets would end the tag early. */
const atName = (name: string) => name.replace(/[<>]/g, '');

function mentionOf(oncall: Oncall): Mention {
  const text = `<at>${atName(oncall.name)}</at>`;
  return { type: 'mention', text, mentioned: { id: oncall.id, name: oncall.name, ...(oncall.type === 'tag' && { type: 'tag' as const }) } };
}

/** A reply under the card (reminder, decision, outcome, expiry alert); `oncall` is raised with an @mention. Pure. */
export function replyCard(text: string, oncall?: Oncall): AdaptiveCard {
  const mention = oncall && mentionOf(oncall);
  const body = [...(mention ? [{ type: 'TextBlock', text: mention.text, wrap: true }] : []), paragraph(run(clip(text, MAX_TEXT)))];
  return adaptiveCard(body, [], mention ? [mention] : []);
}

/** A finished agent session for the audit channel. Pure. */
export function summaryCard(s: SessionSummary): AdaptiveCard {
  const riskiest = summaryRiskiest(s);
  return adaptiveCard([
    paragraph(run('Session ended', { weight: 'Bolder', size: 'Medium' })),
    paragraph(run(summaryHeadline(s))),
    paragraph(run(summaryCounts(s))),
    ...(riskiest === undefined ? [] : [paragraph(run(clip(riskiest, MAX_TEXT), { fontType: 'Monospace' }))]),
    paragraph(run(`${s.sessionId} via ${s.gateway}`, { isSubtle: true })),
    when('Started', s.startedAt),
    when('Ended', s.endedAt),
  ]);
}

/** The daily digest for the managers' channel: its text monospaced, so the tables keep their columns. Pure. */
export function digestCard(d: Digest): AdaptiveCard {
  const chain = d.chain.ok ? 'Audit chain intact' : `Audit chain BROKEN at ${d.chain.broken.chain} seq ${d.chain.broken.seq}`;
  return adaptiveCard([
    paragraph(run(`Airlock digest for ${d.day.date} (${d.day.timeZone})`, { weight: 'Bolder', size: 'Medium' })),
    paragraph(run(clip(digestText(d).split('\n').slice(2).join('\n').trimEnd(), MAX_TEXT), { fontType: 'Monospace' })),
    paragraph(run(chain, { weight: 'Bolder', color: d.chain.ok ? 'Good' : 'Attention' })),
  ]);
}
