import type { NotificationKind } from '../../core/approval.js';
import type { CardModel } from './card-model.js';

/** A reply in the card's thread, as plain text; each renderer escapes it and renders the mention. */
export interface ThreadReply {
  readonly text: string;
  /** Raise the operator-configured on-call handle with this reply. */
  readonly raiseOncall: boolean;
}

/** What a chat channel does for one notification, once the card exists. Pure. */
export interface DeliveryPlan {
  /** Rewrite the card with the notification's model (a `requested` card is already current). */
  readonly updateCard: boolean;
  /** Thread replies under the card, in order. */
  readonly replies: readonly ThreadReply[];
}

const say = (text: string | undefined, raiseOncall = false): ThreadReply[] => (text === undefined ? [] : [{ text, raiseOncall }]);

export function deliveryPlan(kind: NotificationKind, model: CardModel): DeliveryPlan {
  switch (kind) {
    case 'requested':
      return { updateCard: false, replies: [] };
    case 'reminder':
      // A reminder raised while pending but delivered after the request closed has no text: nothing to say.
      return { updateCard: false, replies: say(model.reminderText) };
    case 'decided':
      // A quorum's partial approval arrives as `decided` while still pending: the card changes, nothing is said.
      return { updateCard: true, replies: say(model.decisionThreadText) };
    case 'expired':
    case 'cancelled':
    case 'executed':
    case 'failed':
      return { updateCard: true, replies: [...say(model.outcomeThreadText), ...say(model.expiredAlertText, true)] };
  }
}
