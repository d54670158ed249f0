import type { ApprovalRequest } from '../../core/approval.js';
import type { Verdict } from '../../core/verdict.js';
import { modifyCheck } from '../card/modify-check.js';
import { CODE_ROOM, fence } from './blocks.js';
import { escapedChunks, escapedFit, escapeMrkdwn } from './escape.js';
import { COMMAND_INPUT, DENY_MODAL, MODIFY_MODAL, NOTICE_MODAL, REASON_INPUT, STATEMENT_MODAL } from './ids.js';
import { type Block, type ModalView, mrkdwn, plain } from './kit.js';
import { MAX_INPUT_VALUE, MAX_MODAL_BLOCKS, MAX_SECTION_TEXT } from './limits.js';

/** Who and where, atop every modal, so a reviewer with two cards open knows which one this is. */
const about = (r: ApprovalRequest): Block => ({
  type: 'context',
  elements: [mrkdwn(`*${r.id}* · ${escapeMrkdwn(`${r.identity.name} on ${r.connection}`)}`)],
});

/** The statement in one (possibly shortened) code block, for modals that are about deciding it. */
const preview = (r: ApprovalRequest): Block => ({ type: 'section', text: mrkdwn(fence(escapedFit(r.command, CODE_ROOM).text)) });

function modal(r: ApprovalRequest, callbackId: string, title: string, blocks: Block[], submit?: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: r.id,
    title: plain(title),
    ...(submit !== undefined && { submit: plain(submit) }),
    close: plain(submit === undefined ? 'Close' : 'Cancel'),
    blocks: [about(r), ...blocks],
  };
}

/** The whole statement, one code block per section; past the modal's block limit it is cut with a marker. */
export function fullStatementModal(request: ApprovalRequest): ModalView {
  const sections = escapedChunks(request.command, CODE_ROOM, MAX_MODAL_BLOCKS - 1).map((chunk): Block => ({ type: 'section', text: mrkdwn(fence(chunk)) }));
  return modal(request, STATEMENT_MODAL, 'Full statement', sections);
}

/** Asks why; the reason is required because the agent is told it. */
export function denyModal(request: ApprovalRequest): ModalView {
  return modal(
    request,
    DENY_MODAL,
    'Deny statement',
    [
      preview(request),
      {
        type: 'input',
        block_id: REASON_INPUT,
        label: plain('Why deny it? The agent is told.'),
        element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true },
      },
    ],
    'Deny',
  );
}

/** The modify modal's inputs: the replacement (prefilled when Slack allows it) and an optional reason. */
function modifyInputs(command: string, reason?: string): Block[] {
  const prefill = command.length <= MAX_INPUT_VALUE;
  return [
    {
      type: 'input',
      block_id: COMMAND_INPUT,
      label: plain('Run this instead'),
      element: { type: 'plain_text_input', action_id: COMMAND_INPUT, multiline: true, max_length: MAX_INPUT_VALUE, ...(prefill && { initial_value: command }) },
    },
    {
      type: 'input',
      block_id: REASON_INPUT,
      optional: true,
      label: plain('Why? The agent is told.'),
      element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true, ...(reason && { initial_value: reason }) },
    },
  ];
}

/**
 * The modify modal's metadata: the request id, and once a text was checked, a digest of it. A submit
 * whose text matches the digest runs it; any other text is checked (and shown) first.
 */
export function modifyMetadata(id: string, checked?: string): string {
  return checked === undefined ? id : `${id}:${checked}`;
}

export function parseModifyMetadata(meta: string): { readonly id: string; readonly checked?: string } {
  const [id = '', checked] = meta.split(':');
  return checked === undefined ? { id } : { id, checked };
}

/** Step one: the statement, prefilled for editing. */
export function modifyModal(request: ApprovalRequest): ModalView {
  const tooLong: Block[] =
    request.command.length <= MAX_INPUT_VALUE
      ? []
      : [{ type: 'context', elements: [mrkdwn(`The statement is ${request.command.length} characters, more than Slack can prefill (${MAX_INPUT_VALUE}); type the replacement.`)] }];
  return modal(request, MODIFY_MODAL, 'Modify statement', [preview(request), ...tooLong, ...modifyInputs(request.command)], 'Check change');
}

/** Step two: what the edit changes and how policy classifies the result, before it runs. */
export function modifyReviewModal(request: ApprovalRequest, change: { readonly command: string; readonly reason?: string; readonly verdict: Verdict; readonly checked: string }): ModalView {
  const label = '*What changes*\n';
  const check = modifyCheck(request.command, change.command, change.verdict);
  const reasons = check.reasons.length ? `\n${check.reasons.map((r) => `• ${escapeMrkdwn(r)}`).join('\n')}` : '';
  return {
    ...modal(
      request,
      MODIFY_MODAL,
      'Confirm change',
      [
        { type: 'section', text: mrkdwn(label + fence(escapedFit(check.diff, CODE_ROOM - label.length).text)) },
        { type: 'section', text: mrkdwn(escapedFit(check.verdictLine, 200).text + reasons.slice(0, MAX_SECTION_TEXT - 200)) },
        { type: 'context', elements: [mrkdwn('Press *Run modified* to run it. Edit the text to check it again.')] },
        ...modifyInputs(change.command, change.reason),
      ],
      'Run modified',
    ),
    private_metadata: modifyMetadata(request.id, change.checked),
  };
}

/** A modal that only tells the reviewer something (e.g. someone else decided first). */
export function noticeModal(request: ApprovalRequest, title: string, text: string): ModalView {
  return modal(request, NOTICE_MODAL, title, [{ type: 'section', text: mrkdwn(escapedFit(text, MAX_SECTION_TEXT).text) }]);
}
