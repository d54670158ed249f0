import type { ReviewJson } from '../http/review-json.js';
import { oneLine } from './one-line.js';

const COMMAND_WIDTH = 60;

/** The one line a reviewer sees after a decision went through. Pure. */
export function decisionLine(review: ReviewJson): string {
  const command = oneLine(review.command, COMMAND_WIDTH);
  // A partial approval under a quorum leaves the request pending.
  const as = review.closed?.as ?? review.state;
  switch (as) {
    case 'pending':
      return `approval recorded: ${review.approvals.length} of ${review.quorum} for ${review.id} (${command})`;
    case 'modified':
      return `modified ${review.id}: runs ${oneLine(review.closed?.command ?? '', COMMAND_WIDTH)} instead of ${command}`;
    default:
      return `${as} ${review.id} (${command})`;
  }
}
