import type { WebClient } from '@slack/web-api';
import type { ApprovalRequest, DecideResult, DecisionInput } from '../../core/approval.js';
import type { Verdict } from '../../core/verdict.js';
import type { Reviewer } from '../../identity/reviewer-directory.js';
import type { ReviewBackend } from '../../http/review-routes.js';
import { cannotAct } from '../card/refusal.js';
import { ApprovalsUnavailableError } from '../../queue/redis-connection.js';
import type { Logger } from '../../util/log.js';
import { pendingBlocks } from './pending-blocks.js';
import { FAILED_TEXT, SLACK_TEXT, UNAVAILABLE_TEXT } from './refusal-text.js';
import type { SlackReviewers } from './slack-reviewers.js';
import { MAX_MESSAGE_BLOCKS, MAX_MODAL_BLOCKS } from './limits.js';
import type { Block } from './kit.js';

/** Where a reviewer clicked, so an answer goes back to the same place. */
export type Surface =
  | { readonly kind: 'channel'; readonly channel: string; readonly user: string; readonly onCard: boolean }
  | { readonly kind: 'home'; readonly user: string };

export interface ReviewDeskDeps {
  readonly client: WebClient;
  readonly approvals: ReviewBackend;
  readonly reviewers: SlackReviewers;
  /** The connection's policy applied to a reviewer's replacement text, for the requester. */
  readonly reclassify: (request: ApprovalRequest, command: string) => Verdict;
  readonly log: Logger;
  readonly now?: () => Date;
}

/** Who may act on `request`, and whether it can still be decided: a refusal to show, or the reviewer. */
export type Clearance = { readonly ok: true; readonly reviewer: Reviewer; readonly request: ApprovalRequest } | { readonly ok: false; readonly text: string };

/**
 * What every Slack entry point (card buttons, modals, `/airlock`, App Home) shares: who the Slack user
 * is to Airlock, whether they may act, deciding through the approvals core, and answering on the
 * surface the click came from. Decisions go through the same compare-and-set as the review API, so
 * whichever instance Slack calls, exactly one decision wins and the card is repainted from the queue.
 */
export class ReviewDesk {
  readonly now: () => Date;

  constructor(readonly deps: ReviewDeskDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The reviewer and the still-pending request, or what to tell a user who may not act on it. */
  async clear(userId: string, requestId: string): Promise<Clearance> {
    const found = await this.deps.reviewers.lookup(userId);
    if (!found.ok) return { ok: false, text: `:no_entry: ${found.message}` };
    const request = await this.deps.approvals.get(requestId);
    if (!request) return { ok: false, text: `:warning: There is no approval request ${requestId}.` };
    const refused = cannotAct(request, found.reviewer, SLACK_TEXT);
    if (refused) return { ok: false, text: `${refused.why === 'forbidden' ? ':no_entry:' : ':warning:'} ${refused.text}` };
    return { ok: true, reviewer: found.reviewer, request };
  }

  decide(requestId: string, reviewer: Reviewer, input: DecisionInput): Promise<DecideResult> {
    return this.deps.approvals.decide(requestId, reviewer, input);
  }

  /** Says `text` to the user where they clicked: an ephemeral message in the channel, or their Home tab. */
  async tell(surface: Surface, text: string): Promise<void> {
    if (surface.kind === 'home') return this.publishHome(surface.user, text);
    await this.deps.client.chat.postEphemeral({ channel: surface.channel, user: surface.user, text });
  }

  /** After a decision: a card repaints itself from the queue; other surfaces are told here. */
  async confirm(surface: Surface, text: string): Promise<void> {
    if (surface.kind === 'channel' && surface.onCard) return;
    await this.tell(surface, text);
  }

  /** The user's inbox blocks, or why they have none. */
  async inbox(userId: string, maxBlocks: number, notice?: string): Promise<Block[]> {
    const found = await this.deps.reviewers.lookup(userId);
    if (!found.ok) return pendingBlocks([], { now: this.now(), maxBlocks, notice: found.message });
    const pending = await this.deps.approvals.listPending({ forIdentity: found.reviewer });
    return pendingBlocks(pending, { now: this.now(), maxBlocks, ...(notice !== undefined && { notice }) });
  }

  inboxMessage(userId: string): Promise<Block[]> {
    return this.inbox(userId, MAX_MESSAGE_BLOCKS);
  }

  async publishHome(userId: string, notice?: string): Promise<void> {
    const blocks = await this.inbox(userId, MAX_MODAL_BLOCKS, notice).catch((err: unknown) => [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: this.failureText(err) } }]);
    await this.deps.client.views.publish({ user_id: userId, view: { type: 'home', blocks } });
  }

  /** The text for a handler that threw: Redis away is said plainly; anything else is logged. */
  failureText(err: unknown): string {
    if (err instanceof ApprovalsUnavailableError) return UNAVAILABLE_TEXT;
    this.deps.log.error('a Slack interaction failed', { error: err });
    return FAILED_TEXT;
  }
}
