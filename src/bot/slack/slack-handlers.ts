import type { App, BlockAction, ButtonAction, ViewSubmitAction } from '@slack/bolt';
import type { ViewResponseAction } from '@slack/bolt';
import type { ApprovalRequest } from '../../core/approval.js';
import type { ModalView } from './kit.js';
import { APPROVE_ACTION, COMMAND_INPUT, DENY_ACTION, DENY_MODAL, MODIFY_ACTION, MODIFY_MODAL, REASON_INPUT, SLASH_COMMAND, VIEW_STATEMENT_ACTION } from './ids.js';
import { denyModal, fullStatementModal, modifyModal, modifyReviewModal, noticeModal, parseModifyMetadata } from './modals.js';
import { refusalText } from './refusal-text.js';
import { checkedDigest } from '../card/modify-check.js';
import type { ReviewDesk, Surface } from './review-desk.js';

type Click = BlockAction<ButtonAction>;

/** A click's surface: the Home tab, or the channel (a card, or an ephemeral inbox) it happened in. */
function surfaceOf(body: Click): Surface {
  if (!body.channel) return { kind: 'home', user: body.user.id };
  const container = body.container as { type?: string; is_ephemeral?: boolean };
  return { kind: 'channel', channel: body.channel.id, user: body.user.id, onCard: container.type === 'message' && container.is_ephemeral !== true };
}

/** The text of one input block in a submitted modal ('' when left empty). */
function inputValue(view: ViewSubmitAction['view'], block: string): string {
  return view.state.values[block]?.[block]?.value ?? '';
}

const errorsOn = (block: string, text: string): ViewResponseAction => ({ response_action: 'errors', errors: { [block]: text } });

/**
 * Wires the review desk into Bolt. Button clicks are acknowledged at once (Slack wants an answer in
 * 3 s) and answered afterwards; modal submissions answer in their acknowledgement, because only it
 * can show field errors or replace the modal.
 */
export function registerSlackHandlers(app: App, desk: ReviewDesk): void {
  const button = (actionId: string, handle: (body: Click, requestId: string, surface: Surface) => Promise<void>) =>
    app.action<Click>(actionId, async ({ ack, body, action }) => {
      await ack();
      const surface = surfaceOf(body);
      try {
        await handle(body, action.value ?? '', surface);
      } catch (err) {
        await desk.tell(surface, desk.failureText(err)).catch(() => undefined);
      }
    });

  button(APPROVE_ACTION, async (body, id, surface) => {
    const found = await desk.deps.reviewers.lookup(body.user.id);
    if (!found.ok) return desk.tell(surface, `:no_entry: ${found.message}`);
    const result = await desk.decide(id, found.reviewer, { kind: 'approve' });
    if (!result.ok) return desk.tell(surface, refusalText(result));
    const r = result.request;
    const text = r.state === 'pending' ? `:white_check_mark: You approved ${id}; ${r.approvals.length} of ${r.quorum} approvals so far.` : `:white_check_mark: You approved ${id}.`;
    await desk.confirm(surface, text);
  });

  const opensModal = (actionId: string, view: (request: ApprovalRequest) => ModalView) =>
    button(actionId, async (body, id, surface) => {
      const cleared = await desk.clear(body.user.id, id);
      if (!cleared.ok) return desk.tell(surface, cleared.text);
      await desk.deps.client.views.open({ trigger_id: body.trigger_id, view: view(cleared.request) });
    });
  opensModal(DENY_ACTION, denyModal);
  opensModal(MODIFY_ACTION, modifyModal);
  opensModal(VIEW_STATEMENT_ACTION, fullStatementModal);

  app.view<ViewSubmitAction>(DENY_MODAL, async ({ ack, body, view }) => {
    await ack(await answerDeny(desk, body.user.id, view.private_metadata, inputValue(view, REASON_INPUT)));
  });

  app.view<ViewSubmitAction>(MODIFY_MODAL, async ({ ack, body, view }) => {
    const meta = parseModifyMetadata(view.private_metadata);
    await ack(await answerModify(desk, body.user.id, meta, inputValue(view, COMMAND_INPUT), inputValue(view, REASON_INPUT)));
  });

  app.command(SLASH_COMMAND, async ({ ack, command }) => {
    const sub = command.text.trim().toLowerCase();
    if (sub !== '' && sub !== 'pending') {
      return ack({ response_type: 'ephemeral', text: `Usage: \`${SLASH_COMMAND} pending\` lists the requests waiting for your review.` });
    }
    try {
      const blocks = await desk.inboxMessage(command.user_id);
      await ack({ response_type: 'ephemeral', text: 'Airlock requests waiting for your review', blocks });
    } catch (err) {
      await ack({ response_type: 'ephemeral', text: desk.failureText(err) });
    }
  });

  app.event('app_home_opened', async ({ event }) => {
    if (event.tab === 'home') await desk.publishHome(event.user);
  });
}

/** A denial from the modal: decided, or the modal says why not. */
async function answerDeny(desk: ReviewDesk, userId: string, requestId: string, reason: string): Promise<ViewResponseAction | undefined> {
  try {
    if (!reason.trim()) return errorsOn(REASON_INPUT, 'A denial needs a reason; the agent is told it.');
    const cleared = await desk.clear(userId, requestId);
    if (!cleared.ok) return errorsOn(REASON_INPUT, cleared.text);
    const result = await desk.decide(requestId, cleared.reviewer, { kind: 'deny', reason });
    return result.ok ? undefined : { response_action: 'update', view: noticeModal(cleared.request, 'Not denied', refusalText(result)) };
  } catch (err) {
    return errorsOn(REASON_INPUT, desk.failureText(err));
  }
}

/**
 * A modification from the modal. A text the reviewer has not seen checked is classified and shown as
 * a diff first (the modal is replaced by the review step); submitting the same text again decides.
 */
async function answerModify(desk: ReviewDesk, userId: string, meta: { id: string; checked?: string }, command: string, reason: string): Promise<ViewResponseAction | undefined> {
  try {
    if (!command.trim()) return errorsOn(COMMAND_INPUT, 'Type the statement to run instead.');
    const cleared = await desk.clear(userId, meta.id);
    if (!cleared.ok) return errorsOn(COMMAND_INPUT, cleared.text);
    const { request, reviewer } = cleared;
    if (command.trim() === request.command.trim()) return errorsOn(COMMAND_INPUT, 'This is the statement as sent: change it, or approve it from the card.');
    const digest = checkedDigest(command);
    if (meta.checked !== digest) {
      const verdict = desk.deps.reclassify(request, command);
      if (verdict.action === 'deny') return errorsOn(COMMAND_INPUT, `Policy blocks this statement: ${verdict.reasons.join('; ')}`);
      return { response_action: 'update', view: modifyReviewModal(request, { command, ...(reason.trim() && { reason }), verdict, checked: digest }) };
    }
    const result = await desk.decide(meta.id, reviewer, { kind: 'modify', command, ...(reason.trim() && { reason }) });
    return result.ok ? undefined : { response_action: 'update', view: noticeModal(request, 'Not modified', refusalText(result)) };
  } catch (err) {
    return errorsOn(COMMAND_INPUT, desk.failureText(err));
  }
}
