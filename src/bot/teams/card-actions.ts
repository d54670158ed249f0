import type { ConnectorClient } from '@microsoft/agents-hosting';
import type { ApprovalRequest, DecideResult } from '../../core/approval.js';
import type { Verdict } from '../../core/verdict.js';
import type { ReviewBackend } from '../../http/review-routes.js';
import { ApprovalsUnavailableError } from '../../queue/redis-connection.js';
import type { Logger } from '../../util/log.js';
import { cardModel } from '../card/card-model.js';
import { checkedDigest, modifyCheck } from '../card/modify-check.js';
import { cannotAct, FAILED_MESSAGE, refusalMessage, type Refused, type TextStyle, UNAVAILABLE_MESSAGE } from '../card/refusal.js';
import { approvalCard, type ModifyReview, type Notice } from './adaptive-card.js';
import { adaptiveCard, type AdaptiveCard, paragraph, run } from './card-kit.js';
import type { Clicker, TeamsReviewers } from './teams-reviewers.js';
import { APPROVE_VERB, COMMAND_INPUT, DENY_REASON_INPUT, DENY_VERB, MODIFY_REASON_INPUT, MODIFY_VERB, RUN_MODIFIED_VERB } from './verbs.js';

export interface CardActionDeps {
  readonly approvals: ReviewBackend;
  readonly reviewers: TeamsReviewers;
  /** The connection's policy applied to a reviewer's replacement text, for the requester. */
  readonly reclassify: (request: ApprovalRequest, command: string) => Verdict;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** A replacement longer than this could not travel back on the card for the second step. */
const MAX_REPLACEMENT = 8_000;

const attention = (text: string): Notice => ({ text, tone: 'Attention' });
const good = (text: string): Notice => ({ text, tone: 'Good' });
/** Plain text for a TextRun: nothing to escape; times in UTC, since a TextRun cannot localise. */
const PLAIN_TEXT: TextStyle = { escape: (t) => t, date: (d) => `at ${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` };
const refusal = (result: Refused) => refusalMessage(result, PLAIN_TEXT);
const field = (data: Record<string, unknown>, key: string) => (typeof data[key] === 'string' ? data[key] : '');

/**
 * Answers one `Action.Execute` on an approval card with the card to show the reviewer who clicked:
 * the request as it now stands, with a line saying what their click did or why it did nothing.
 * Decisions go through the same compare-and-set as every other surface, so a double click or two
 * reviewers at once resolve to one decision; the channel's copy of the card is repainted from the
 * notify queue, so everyone sees the same state.
 */
export async function answerCardAction(deps: CardActionDeps, connector: ConnectorClient, clicker: Clicker, verb: string, data: Record<string, unknown>): Promise<AdaptiveCard> {
  const now = deps.now ?? (() => new Date());
  const id = field(data, 'requestId');
  const show = (request: ApprovalRequest, notice?: Notice, review?: ModifyReview) =>
    approvalCard(cardModel(request, { now: now() }), { ...(notice && { notice }), ...(review && { review }) });
  const outcome = (before: ApprovalRequest, result: DecideResult, said: (r: ApprovalRequest) => string) =>
    result.ok ? show(result.request, good(said(result.request))) : show(result.request ?? before, attention(refusal(result)));
  try {
    const found = await deps.reviewers.lookup({ connector, clicker });
    const request = await deps.approvals.get(id);
    if (!request) return noticeCard(`There is no approval request ${id}.`);
    if (!found.ok) return show(request, attention(found.message));
    const { reviewer } = found;
    const refused = cannotAct(request, reviewer, PLAIN_TEXT);
    if (refused) return show(request, attention(refused.text));
    switch (verb) {
      case APPROVE_VERB: {
        const result = await deps.approvals.decide(id, reviewer, { kind: 'approve' });
        return outcome(request, result, (r) => (r.state === 'pending' ? `You approved ${id}; ${r.approvals.length} of ${r.quorum} approvals so far.` : `You approved ${id}.`));
      }
      case DENY_VERB: {
        const reason = field(data, DENY_REASON_INPUT).trim();
        if (!reason) return show(request, attention('A denial needs a reason; the agent is told it.'));
        return outcome(request, await deps.approvals.decide(id, reviewer, { kind: 'deny', reason }), () => `You denied ${id}.`);
      }
      case MODIFY_VERB:
      case RUN_MODIFIED_VERB: {
        const command = field(data, COMMAND_INPUT);
        const reason = field(data, MODIFY_REASON_INPUT).trim();
        if (!command.trim()) return show(request, attention('Type the statement to run instead.'));
        if (command.trim() === request.command.trim()) return show(request, attention('This is the statement as sent: change it, or approve it.'));
        if (command.length > MAX_REPLACEMENT) return show(request, attention(`A replacement can be at most ${MAX_REPLACEMENT} characters in Teams; use the review API for longer ones.`));
        const checked = checkedDigest(command);
        if (verb === MODIFY_VERB || field(data, 'checked') !== checked) {
          const verdict = deps.reclassify(request, command);
          if (verdict.action === 'deny') return show(request, attention(`Policy blocks this statement: ${verdict.reasons.join('; ')}`));
          const review = { command, ...(reason && { reason }), check: modifyCheck(request.command, command, verdict), checked };
          return show(request, undefined, review);
        }
        return outcome(request, await deps.approvals.decide(id, reviewer, { kind: 'modify', command, ...(reason && { reason }) }), () => `You modified ${id}.`);
      }
      default:
        return show(request, attention(`Airlock does not know the action "${verb}".`));
    }
  } catch (err) {
    if (err instanceof ApprovalsUnavailableError) return noticeCard(UNAVAILABLE_MESSAGE);
    deps.log.error('a Teams card action failed', { id, verb, error: err });
    return noticeCard(FAILED_MESSAGE);
  }
}

/** A card that only says something, for when there is no request to show. */
export function noticeCard(text: string): AdaptiveCard {
  return adaptiveCard([paragraph(run(text, { weight: 'Bolder', color: 'Attention' }))]);
}
