import type { ApprovalState } from '../../core/approval.js';
import { digestText } from '../../audit/digest/digest-text.js';
import type { Digest } from '../../core/digest.js';
import type { SessionSummary } from '../../core/session-summary.js';
import type { CardAction, CardFact, CardModel, CardState } from '../card/card-model.js';
import { summaryCounts, summaryHeadline, summaryRiskiest } from '../card/session-summary-text.js';
import { clip } from '../../util/clip.js';
import { escapedFit, escapeMrkdwn } from './escape.js';
import { ACTIONS_BLOCK, APPROVE_ACTION, DENY_ACTION, MODIFY_ACTION, VIEW_STATEMENT_ACTION } from './ids.js';
import { type Block, type Button, type ConfirmDialog, mrkdwn, plain } from './kit.js';
import { MAX_CONFIRM_TEXT, MAX_FIELD_TEXT, MAX_HEADER_TEXT, MAX_SECTION_FIELDS, MAX_SECTION_TEXT } from './limits.js';

/** What `chat.postMessage` and `chat.update` take for an approval card (plus channel and ts). */
export interface SlackMessage {
  /** Notification and screen-reader fallback; mrkdwn, so escaped like the blocks. */
  readonly text: string;
  readonly blocks: Block[];
}

/** A multi-line code block; Slack shows it monospaced with formatting and mentions off. */
export const fence = (escaped: string) => `\`\`\`\n${escaped}\n\`\`\``;
/** Room for escaped text inside one section's code block. */
export const CODE_ROOM = MAX_SECTION_TEXT - fence('').length;

/** Slack renders this in each reader's own time zone; the ISO text is what clients that can't fall back to. */
export const slackDate = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString()}>`;

const ICON: Record<ApprovalState, string> = {
  pending: ':hourglass_flowing_sand:',
  approved: ':white_check_mark:',
  modified: ':pencil2:',
  denied: ':no_entry:',
  expired: ':alarm_clock:',
  cancelled: ':heavy_multiplication_x:',
  executed: ':white_check_mark:',
  failed: ':x:',
};

/** Cap on the state line's summary; it names reviewers, so it is bounded but not by us. */
const MAX_SUMMARY = 500;

function field({ label, value }: CardFact) {
  const head = `*${label}*\n`;
  return mrkdwn(head + (value instanceof Date ? slackDate(value) : escapedFit(value, MAX_FIELD_TEXT - head.length).text));
}

function stateBlocks(s: CardState): Block[] {
  const at = s.at ? ` · ${slackDate(s.at)}` : '';
  const head = `${ICON[s.kind]} *${escapedFit(s.summary, MAX_SUMMARY).text}*${at}`;
  const note = s.note === undefined ? '' : `\n${escapedFit(s.note, MAX_SECTION_TEXT - head.length - 1).text}`;
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(head + note) }];
  if (s.replacement !== undefined) {
    const label = '*Runs instead:*\n';
    blocks.push({ type: 'section', text: mrkdwn(label + fence(escapedFit(s.replacement, CODE_ROOM - label.length).text)) });
  }
  return blocks;
}

const BUTTONS: Record<CardAction, Omit<Button, 'value'>> = {
  approve: { type: 'button', action_id: APPROVE_ACTION, text: plain('Approve'), style: 'primary' },
  deny: { type: 'button', action_id: DENY_ACTION, text: plain('Deny'), style: 'danger' },
  modify: { type: 'button', action_id: MODIFY_ACTION, text: plain('Modify') },
  'view-full-statement': { type: 'button', action_id: VIEW_STATEMENT_ACTION, text: plain('View full statement') },
};

/** Approving a destructive statement asks first; one tap on a phone should not be enough. */
const confirmDialog = (text: string): ConfirmDialog => ({
  title: plain('Approve this statement?'),
  text: plain(clip(text, MAX_CONFIRM_TEXT)),
  confirm: plain('Approve'),
  deny: plain('Cancel'),
  style: 'danger',
});

/** The decision buttons for one request; the value names the request wherever the buttons appear. */
export function actionsBlock(blockId: string, requestId: string, actions: readonly CardAction[], approveConfirm?: string): Block {
  const elements = actions.map((a): Button => {
    const button: Button = { ...BUTTONS[a], value: requestId };
    return a === 'approve' && approveConfirm !== undefined ? { ...button, confirm: confirmDialog(approveConfirm) } : button;
  });
  return { type: 'actions', block_id: blockId, elements };
}

/** The approval card: header, facts, statement, state line and — while pending — the buttons. Pure. */
export function cardMessage(model: CardModel): SlackMessage {
  const statement = escapedFit(model.statement, CODE_ROOM);
  // The full-statement button only earns its place when the card had to cut the statement.
  const actions = model.actions.filter((a) => a !== 'view-full-statement' || statement.truncated);
  const blocks: Block[] = [
    { type: 'header', text: plain(clip(model.title, MAX_HEADER_TEXT)) },
    { type: 'section', fields: model.facts.slice(0, MAX_SECTION_FIELDS).map(field) },
    { type: 'section', text: mrkdwn(fence(statement.text)) },
    ...stateBlocks(model.state),
  ];
  if (actions.length) blocks.push(actionsBlock(ACTIONS_BLOCK, model.requestId, actions, model.approveConfirm));
  return { text: escapedFit(`${model.title}: ${model.state.summary}`, MAX_SECTION_TEXT).text, blocks };
}

/**
 * A thread reply (reminder, expiry alert, outcome). `mention` is operator configuration such as
 * `<!subteam^S123>`, so it alone is passed through unescaped.
 */
export function threadReply(text: string, mention?: string): { readonly text: string } {
  const body = escapedFit(text, MAX_SECTION_TEXT).text;
  return { text: mention ? `${mention} ${body}` : body };
}

/** A finished session for the audit channel: who, where, how long, what happened. Pure. */
export function summaryMessage(s: SessionSummary): SlackMessage {
  const headline = escapeMrkdwn(summaryHeadline(s));
  const counts = escapeMrkdwn(summaryCounts(s));
  const riskiest = summaryRiskiest(s);
  return {
    text: `Session ended: ${headline}`,
    blocks: [
      { type: 'section', text: mrkdwn(`:clipboard: *Session ended* · ${headline}\n${counts}`) },
      ...(riskiest === undefined ? [] : [{ type: 'section' as const, text: mrkdwn(escapedFit(riskiest, MAX_SECTION_TEXT).text) }]),
      { type: 'context', elements: [mrkdwn(`${escapeMrkdwn(s.sessionId)} via ${escapeMrkdwn(s.gateway)} · ${slackDate(s.startedAt)} – ${slackDate(s.endedAt)}`)] },
    ],
  };
}

/** The daily digest for the digest channel: its text in a code block, so the tables keep their columns. Pure. */
export function digestMessage(d: Digest): SlackMessage {
  const title = `Airlock digest for ${d.day.date} (${d.day.timeZone})`;
  const t = d.totals;
  const chain = d.chain.ok ? ':white_check_mark: audit chain intact' : `:rotating_light: *audit chain broken* at ${escapeMrkdwn(d.chain.broken.chain)} seq ${d.chain.broken.seq}`;
  return {
    text: `${title}: ${t.statements} statements ran, ${t.held} held for review`,
    blocks: [
      { type: 'header', text: plain(clip(title, MAX_HEADER_TEXT)) },
      { type: 'section', text: mrkdwn(fence(escapedFit(digestText(d).split('\n').slice(2).join('\n').trimEnd(), CODE_ROOM).text)) },
      { type: 'context', elements: [mrkdwn(chain)] },
    ],
  };
}
