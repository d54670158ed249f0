import type { Limits, MethodLimit } from '../rate-limiter.js';

const perMinute = (n: number): MethodLimit => ({ perSecond: n / 60, burst: n });

/**
 * Slack's published limits for the methods the bot uses: chat.postMessage is about one
 * message per second per channel with short bursts; the rest follow their tier (per minute).
 */
export const SLACK_LIMITS: Limits = {
  'chat.postMessage': { perSecond: 1, burst: 5, per: 'channel' },
  'chat.update': perMinute(50), // Tier 3
  'chat.postEphemeral': perMinute(100), // Tier 4
  'views.open': perMinute(100), // Tier 4
  'views.publish': perMinute(100), // Tier 4
  'users.info': perMinute(100), // Tier 4
  'conversations.info': perMinute(50), // Tier 3
};
