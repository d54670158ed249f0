/** `Action.Execute` verbs on the approval card; each carries `{ requestId }` plus its inputs. */
export const APPROVE_VERB = 'airlock.approve';
export const DENY_VERB = 'airlock.deny';
/** Checks a replacement: classified and shown as a diff, nothing decided yet. */
export const MODIFY_VERB = 'airlock.modify';
/** Runs the replacement the reviewer saw checked (its digest travels with the action). */
export const RUN_MODIFIED_VERB = 'airlock.run-modified';
export const ALL_VERBS = [APPROVE_VERB, DENY_VERB, MODIFY_VERB, RUN_MODIFIED_VERB] as const;

/** Input ids inside the card's show-cards; Teams wants them unique across the whole card. */
export const DENY_REASON_INPUT = 'denyReason';
export const COMMAND_INPUT = 'command';
export const MODIFY_REASON_INPUT = 'modifyReason';
