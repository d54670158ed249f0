import type { NotificationKind } from '../../core/approval.js';
import type { CardModel } from '../card/card-model.js';
import { threadReply } from './blocks.js';

/** What the Slack channel does for one notification, once the card exists. Pure. */
export interface DeliveryPlan {
  /** Rewrite the card with the notification's model (a `requested` card is already current). */
  readonly updateCard: boolean;
  /** Thread replies under the card, in order. */
  readonly replies: readonly { readonly text: string }[];
}

export function deliveryPlan(kind: NotificationKind, model: CardModel): DeliveryPlan {
  switch (kind) {
    case 'requested':
      return { updateCard: false, replies: [] };
    case 'reminder':
      // A reminder raised while pending but delivered after the request closed has no text: nothing to say.
      return { updateCard: false, replies: model.reminderText === undefined ? [] : [threadReply(model.reminderText)] };
    case 'decided':
      // A quorum's partial approval arrives as `decided` while still pending: the card changes, nothing is said.
      return { updateCard: true, replies: model.decisionThreadText === undefined ? [] : [threadReply(model.decisionThreadText)] };
    case 'expired':
    case 'cancelled':
    case 'executed':
    case 'failed': {
      const replies: { readonly text: string }[] = [];
      if (model.outcomeThreadText !== undefined) replies.push(threadReply(model.outcomeThreadText));
      if (model.expiredAlertText !== undefined) replies.push(threadReply(model.expiredAlertText, model.oncall));
      return { updateCard: true, replies };
    }
  }
}
