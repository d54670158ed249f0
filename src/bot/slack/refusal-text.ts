import { FAILED_MESSAGE, refusalMessage, type Refused, UNAVAILABLE_MESSAGE } from '../card/refusal.js';
import { slackDate } from './blocks.js';
import { escapeMrkdwn } from './escape.js';

/** A refusal as Slack shows it: mrkdwn, escaped, dates in the reader's time zone. Pure. */
export const refusalText = (result: Refused): string => `:warning: ${refusalMessage(result, { escape: escapeMrkdwn, date: slackDate })}`;

export const UNAVAILABLE_TEXT = `:warning: ${UNAVAILABLE_MESSAGE}`;
export const FAILED_TEXT = `:warning: ${FAILED_MESSAGE}`;
