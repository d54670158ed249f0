import type { WebClient } from '@slack/web-api';
import type { ReviewerDirectory } from '../../identity/reviewer-directory.js';
import { ChatReviewers, type ChatSignIn } from '../card/chat-reviewers.js';

/**
 * Slack users as reviewers, by the email on their Slack profile (`users.info`, which needs the
 * `users:read.email` scope). The Slack display name is never trusted: anyone can set it.
 */
export class SlackReviewers extends ChatReviewers<string> {
  constructor(client: WebClient, directory: ReviewerDirectory, now?: () => number) {
    super(directory, (userId) => userId, (userId) => slackSignIn(client, userId), now);
  }
}

async function slackSignIn(client: WebClient, userId: string): Promise<ChatSignIn> {
  const { user } = await client.users.info({ user: userId });
  if (!user || user.deleted || user.is_bot) return { ok: false, message: "you can't review Airlock requests: this Slack account is not a person's" };
  const email = user.profile?.email;
  if (!email) return { ok: false, message: "you can't review Airlock requests: your Slack profile shows no email to match an Airlock identity" };
  return { ok: true, email };
}
