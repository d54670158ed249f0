import { describe, expect, it } from 'vitest';
import { cardModel } from '../../src/bot/card/card-model.js';
import { deliveryPlan } from '../../src/bot/card/delivery-plan.js';
import type { ApprovalRequest, NotificationKind } from '../../src/core/approval.js';
import { inEveryState, now, request } from './fixtures.js';

const plan = (kind: NotificationKind, r: ApprovalRequest) => deliveryPlan(kind, cardModel(r, { now }));

describe('deliveryPlan', () => {
  it('posts the card for a request and says nothing more', () => {
    expect(plan('requested', request)).toEqual({ updateCard: false, replies: [] });
  });

  it('replies with the reminder, leaving the card as it is', () => {
    expect(plan('reminder', request)).toEqual({ updateCard: false, replies: [{ text: expect.stringMatching(/^Reminder: apr_abcdefghij .* expires in 4 min\.$/), raiseOncall: false }] });
  });

  it('drops a reminder whose request closed before delivery', () => {
    expect(plan('reminder', inEveryState.denied)).toEqual({ updateCard: false, replies: [] });
  });

  it('updates the card and replies with the outcome once the request leaves pending', () => {
    expect(plan('decided', inEveryState.denied)).toEqual({ updateCard: true, replies: [{ text: 'Denied by bob. Reason: needs a WHERE', raiseOncall: false }] });
    expect(plan('cancelled', inEveryState.cancelled).replies).toEqual([{ text: 'Cancelled. Reason: the agent disconnected', raiseOncall: false }]);
    expect(plan('executed', inEveryState.executed).replies).toEqual([{ text: 'Approved by alice, then it ran. Result: DELETE 1204', raiseOncall: false }]);
    expect(plan('failed', inEveryState.failed).replies).toEqual([{ text: 'Approved by alice, then it failed. Error: deadlock detected', raiseOncall: false }]);
  });

  it('tells the decision, not the outcome, when the decision is delivered after the statement already ran', () => {
    expect(plan('decided', inEveryState.executed).replies).toEqual([{ text: 'Approved by alice.', raiseOncall: false }]);
    expect(plan('decided', inEveryState.modified).replies).toEqual([{ text: 'Modified by carol. Reason: one row only', raiseOncall: false }]);
  });

  it('only updates the card for a partial approval under a quorum', () => {
    expect(plan('decided', { ...request, quorum: 2, approvals: ['alice'] })).toEqual({ updateCard: true, replies: [] });
  });

  it('raises on-call with the expiry alert, after the outcome', () => {
    expect(plan('expired', inEveryState.expired).replies).toEqual([
      { text: 'Expired without a decision.', raiseOncall: false },
      { text: "apr_abcdefghij (devin on prod-db) expired without a decision; the agent's statement was refused.", raiseOncall: true },
    ]);
  });
});
