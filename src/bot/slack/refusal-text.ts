import { FAILED_MESSAGE, refusalMessage, type Refused, type TextStyle, UNAVAILABLE_MESSAGE } from '../card/refusal.js';
import { slackDate } from './blocks.js';
import { escapeMrkdwn } from './escape.js';

/** Slack's way with agent text and times: mrkdwn-escaped, dates in the reader's time zone. */
export const SLACK_TEXT: TextStyle = { escape: escapeMrkdwn, date: slackDate };

/** A refusal as Slack shows it. Pure. */
export const refusalText = (result: Refused): string => `:warning: ${refusalMessage(result, SLACK_TEXT)}`;

export const UNAVAILABLE_TEXT = `:warning: ${UNAVAILABLE_MESSAGE}`;
export const FAILED_TEXT = `:warning: ${FAILED_MESSAGE}`;
