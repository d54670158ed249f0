/** The ids Slack sends back with a click or a submitted modal: what the Bolt handlers listen for. */

/** The card's button row. */
export const ACTIONS_BLOCK = 'airlock_actions';
export const APPROVE_ACTION = 'airlock_approve';
export const DENY_ACTION = 'airlock_deny';
export const MODIFY_ACTION = 'airlock_modify';
export const VIEW_STATEMENT_ACTION = 'airlock_view_statement';

export const DENY_MODAL = 'airlock_deny_modal';
export const MODIFY_MODAL = 'airlock_modify_modal';
export const STATEMENT_MODAL = 'airlock_statement_modal';
export const NOTICE_MODAL = 'airlock_notice_modal';

/** The slash command reviewers type for their inbox. */
export const SLASH_COMMAND = '/airlock';

/** Input blocks in the modals; each holds one element whose action_id is the same string. */
export const REASON_INPUT = 'reason';
export const COMMAND_INPUT = 'command';
