/**
 * The part of Block Kit the approval bot uses, typed tightly enough that a typo is a compile error.
 * Arrays are mutable only because @slack/web-api's argument types expect them to be.
 */

export interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
}

export interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}

export interface Button {
  readonly type: 'button';
  readonly action_id: string;
  readonly text: PlainText;
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  readonly confirm?: ConfirmDialog;
}

/** Slack's "are you sure?" dialog on a button, shown before the click is sent. */
export interface ConfirmDialog {
  readonly title: PlainText;
  readonly text: PlainText;
  readonly confirm: PlainText;
  readonly deny: PlainText;
  readonly style?: 'primary' | 'danger';
}

export interface PlainTextInput {
  readonly type: 'plain_text_input';
  readonly action_id: string;
  readonly multiline: boolean;
  readonly initial_value?: string;
  readonly max_length?: number;
}

export type Block =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text: Mrkdwn }
  | { readonly type: 'section'; readonly fields: Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: Mrkdwn[] }
  | { readonly type: 'actions'; readonly block_id: string; readonly elements: Button[] }
  | { readonly type: 'input'; readonly block_id: string; readonly label: PlainText; readonly element: PlainTextInput; readonly optional?: boolean };

export interface HomeView {
  readonly type: 'home';
  readonly blocks: Block[];
}

export interface ModalView {
  readonly type: 'modal';
  readonly callback_id: string;
  /** The request id, so a submission names what it decides. */
  readonly private_metadata: string;
  readonly title: PlainText;
  readonly submit?: PlainText;
  readonly close: PlainText;
  readonly blocks: Block[];
}

export const plain = (text: string): PlainText => ({ type: 'plain_text', text });
export const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text });
