import type { DecideResult } from '../../core/approval.js';
import { slackDate } from './blocks.js';
import { escapeMrkdwn } from './escape.js';

type Refused = Extract<DecideResult, { ok: false }>;

/**
 * What a reviewer is told when their click changed nothing. For a request someone else closed first,
 * it names who won and when (in the reader's time zone), so a double click or a race explains itself.
 * mrkdwn, escaped. Pure.
 */
export function refusalText(result: Refused): string {
  const r = result.request;
  const c = r?.closed;
  if (r && c && (result.refusal === 'already-decided' || result.refusal === 'expired')) {
    const by = c.as === 'approved' ? r.approvals.join(', ') : c.by;
    const who = by ? ` by ${escapeMrkdwn(by)}` : '';
    const why = c.reason ? `: ${escapeMrkdwn(c.reason)}` : '';
    return `:warning: Nothing changed: ${r.id} was already ${c.as}${who} ${slackDate(c.at)}${why}`;
  }
  return `:warning: Nothing changed: ${escapeMrkdwn(result.message)}`;
}

/** Redis being away is the one failure a reviewer can wait out; said plainly, with nothing decided. */
export const UNAVAILABLE_TEXT = ':warning: Airlock approvals are unavailable right now (Redis is unreachable), so nothing was decided. Try again in a moment.';
export const FAILED_TEXT = ':warning: Something went wrong in Airlock, so nothing was decided. The gateway log has the details.';
