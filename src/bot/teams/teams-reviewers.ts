import type { ConnectorClient } from '@microsoft/agents-hosting';
import type { ReviewerDirectory } from '../../identity/reviewer-directory.js';
import { ChatReviewers, type ChatSignIn } from '../card/chat-reviewers.js';

/** Who clicked, as the invoke activity says: the Teams user id, and the AAD object id when Teams sends it. */
export interface Clicker {
  readonly id: string;
  readonly aadObjectId?: string;
  /** The conversation the card is in; members are looked up there. */
  readonly conversation: string;
}

/** A click, with the turn's Bot Connector client to read the roster through. */
export interface TeamsClick {
  readonly connector: ConnectorClient;
  readonly clicker: Clicker;
}

/** The roster fields Teams returns for a member (TeamsChannelAccount); the SDK's type carries fewer. */
interface TeamsMember {
  readonly aadObjectId?: string;
  readonly userPrincipalName?: string;
  readonly email?: string;
}

/**
 * Teams users as reviewers, by the UPN (or email) of their entry in the conversation roster. The
 * display name on the activity is never trusted; the roster entry must belong to the AAD object the
 * activity names.
 */
export class TeamsReviewers extends ChatReviewers<TeamsClick> {
  constructor(directory: ReviewerDirectory, now?: () => number) {
    super(directory, ({ clicker }) => clicker.aadObjectId ?? clicker.id, teamsSignIn, now);
  }
}

async function teamsSignIn({ connector, clicker }: TeamsClick): Promise<ChatSignIn> {
  const member = (await connector.getConversationMember(clicker.id, clicker.conversation)) as TeamsMember;
  if (clicker.aadObjectId !== undefined && member.aadObjectId !== clicker.aadObjectId) {
    return { ok: false, message: "you can't review Airlock requests: Teams did not confirm who you are" };
  }
  const email = member.userPrincipalName ?? member.email;
  if (!email) return { ok: false, message: "you can't review Airlock requests: your Teams profile shows no sign-in name to match an Airlock identity" };
  return { ok: true, email };
}
