import type { ApprovalRequest } from '../../core/approval.js';
import { CODE_ROOM, fence } from './blocks.js';
import { escapedChunks, escapedFit, escapeMrkdwn } from './escape.js';
import { COMMAND_INPUT, DENY_MODAL, MODIFY_MODAL, REASON_INPUT, STATEMENT_MODAL } from './ids.js';
import { type Block, type ModalView, mrkdwn, plain } from './kit.js';
import { MAX_INPUT_VALUE, MAX_MODAL_BLOCKS } from './limits.js';

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

/** The replacement statement, prefilled when Slack allows it, and an optional reason. */
export function modifyModal(request: ApprovalRequest): ModalView {
  const prefill = request.command.length <= MAX_INPUT_VALUE;
  const tooLong: Block[] = prefill
    ? []
    : [{ type: 'context', elements: [mrkdwn(`The statement is ${request.command.length} characters, more than Slack can prefill (${MAX_INPUT_VALUE}); type the replacement.`)] }];
  return modal(
    request,
    MODIFY_MODAL,
    'Modify statement',
    [
      preview(request),
      ...tooLong,
      {
        type: 'input',
        block_id: COMMAND_INPUT,
        label: plain('Run this instead'),
        element: {
          type: 'plain_text_input',
          action_id: COMMAND_INPUT,
          multiline: true,
          max_length: MAX_INPUT_VALUE,
          ...(prefill && { initial_value: request.command }),
        },
      },
      {
        type: 'input',
        block_id: REASON_INPUT,
        optional: true,
        label: plain('Why? The agent is told.'),
        element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true },
      },
    ],
    'Run modified',
  );
}
