import type { ApprovalRequest } from '../../core/approval.js';
import { cardModel } from '../card/card-model.js';
import { actionsBlock, CODE_ROOM, fence, slackDate } from './blocks.js';
import { escapedFit, escapeMrkdwn } from './escape.js';
import { ACTIONS_BLOCK } from './ids.js';
import { type Block, mrkdwn } from './kit.js';

/** Enough of the statement to recognise it; the full text is one "Modify" or card away. */
const LIST_STATEMENT = 500;
const BLOCKS_PER_REQUEST = 2;

/**
 * A reviewer's inbox: the pending requests they may decide, each with the card's buttons, for
 * `/airlock pending` (a message: 50 blocks) and the App Home tab (100 blocks). What does not fit is
 * counted, with the CLI that lists everything. Pure.
 */
export function pendingBlocks(requests: readonly ApprovalRequest[], opts: { readonly now: Date; readonly maxBlocks: number; readonly notice?: string }): Block[] {
  const head: Block[] = [];
  if (opts.notice !== undefined) head.push({ type: 'section', text: mrkdwn(escapedFit(opts.notice, CODE_ROOM).text) });
  if (requests.length === 0) return [...head, { type: 'section', text: mrkdwn(':white_check_mark: Nothing is waiting for your review.') }];
  head.push({ type: 'section', text: mrkdwn(`*Waiting for your review (${requests.length})*`) });
  // One block is kept for the overflow line.
  const room = Math.max(0, Math.floor((opts.maxBlocks - head.length - 1) / BLOCKS_PER_REQUEST));
  const shown = requests.slice(0, room);
  const blocks = [...head, ...shown.flatMap((r) => requestBlocks(r, opts.now))];
  const more = requests.length - shown.length;
  if (more > 0) blocks.push({ type: 'context', elements: [mrkdwn(`…and ${more} more. \`airlock review list\` shows them all.`)] });
  return blocks;
}

function requestBlocks(r: ApprovalRequest, now: Date): Block[] {
  const model = cardModel(r, { now });
  const quorum = r.quorum > 1 ? ` · ${r.approvals.length} of ${r.quorum} approvals` : '';
  const about = `*${escapeMrkdwn(model.title)}*\n${escapeMrkdwn(`${r.identity.name} · ${r.id}`)} · expires ${slackDate(r.expiresAt)}${quorum}\n`;
  const statement = fence(escapedFit(r.command, Math.min(LIST_STATEMENT, CODE_ROOM - about.length)).text);
  return [
    { type: 'section', text: mrkdwn(about + statement) },
    // Block ids must be unique within a message or view.
    actionsBlock(`${ACTIONS_BLOCK}:${r.id}`, r.id, ['approve', 'deny', 'modify'], model.approveConfirm),
  ];
}
