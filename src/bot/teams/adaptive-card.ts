import type { CardModel, CardState } from '../card/card-model.js';
import type { ModifyCheck } from '../card/modify-check.js';
import { clip } from '../../util/clip.js';
import { adaptiveCard, type AdaptiveCard, type CardElement, execute, paragraph, run, showCard, textInput, when } from './card-kit.js';
import { APPROVE_VERB, COMMAND_INPUT, DENY_REASON_INPUT, DENY_VERB, MODIFY_REASON_INPUT, MODIFY_VERB, RUN_MODIFIED_VERB } from './verbs.js';

/** Teams refuses a bot message over about 28 KB, card included; the card stays under this with room to spare. */
export const MAX_CARD_BYTES = 24_000;
/** How much of the statement the card shows, tried in turn until the card fits. */
const STATEMENT_ROOMS = [8_000, 3_000, 1_000, 300];
/** Reasons and impact previews can run long; a fact never crowds out the statement. */
const MAX_FACT = 1_000;

const TONE: Record<CardState['kind'], 'Good' | 'Attention' | 'Warning' | undefined> = {
  pending: 'Warning',
  approved: 'Good',
  modified: 'Good',
  executed: 'Good',
  denied: 'Attention',
  failed: 'Attention',
  expired: 'Attention',
  cancelled: undefined,
};

/** Something said to the one reviewer who clicked (the invoke's answer), on top of the card. */
export interface Notice {
  readonly text: string;
  readonly tone: 'Good' | 'Attention';
}

/** Step two of a modification: the checked replacement and the button that runs it. */
export interface ModifyReview {
  readonly command: string;
  readonly reason?: string;
  readonly check: ModifyCheck;
  /** Digest of the checked text: running it is refused if the text changed since. */
  readonly checked: string;
}

function stateElements(s: CardState): CardElement[] {
  const tone = TONE[s.kind];
  const out: CardElement[] = [paragraph(run(s.summary, { weight: 'Bolder', ...(tone && { color: tone }) }))];
  if (s.at) out.push(when('At', s.at));
  if (s.note !== undefined) out.push(paragraph(run(s.note)));
  if (s.replacement !== undefined) out.push(paragraph(run('Runs instead:', { weight: 'Bolder' })), paragraph(run(s.replacement, { fontType: 'Monospace' })));
  return out;
}

function facts(model: CardModel): CardElement[] {
  return model.facts.map(({ label, value }) => (value instanceof Date ? when(`${label}:`, value) : paragraph(run(`${label}: `, { weight: 'Bolder' }), run(clip(value, MAX_FACT)))));
}

function pendingActions(model: CardModel, statement: string, fitsInput: boolean): CardElement[] {
  const id = { requestId: model.requestId };
  // Adaptive Cards have no confirm dialog: a destructive approval opens a card that asks first.
  const approve =
    model.approveConfirm === undefined
      ? execute('Approve', APPROVE_VERB, id, 'positive')
      : showCard('Approve…', [paragraph(run(model.approveConfirm, { color: 'Attention' }))], [execute('Yes, approve', APPROVE_VERB, id, 'destructive')]);
  const deny = showCard('Deny…', [textInput(DENY_REASON_INPUT, 'Reason (the agent is told)', { required: 'A denial needs a reason; the agent is told it.' })], [execute('Deny', DENY_VERB, id, 'destructive')]);
  const modify = showCard(
    'Modify…',
    [
      textInput(COMMAND_INPUT, 'Run this instead', fitsInput ? { value: statement, required: 'Type the statement to run instead.' } : { required: 'Type the statement to run instead.', placeholder: 'The statement is too long to prefill; type the replacement.' }),
      textInput(MODIFY_REASON_INPUT, 'Why (optional)', { multiline: false }),
    ],
    [execute('Check change', MODIFY_VERB, id)],
  );
  return [approve, deny, modify];
}

function reviewElements(review: ModifyReview): CardElement[] {
  return [
    paragraph(run('Check the change before it runs', { weight: 'Bolder', size: 'Medium' })),
    paragraph(run(review.check.diff, { fontType: 'Monospace' })),
    paragraph(run(review.check.verdictLine, { weight: 'Bolder' })),
    ...review.check.reasons.map((r) => paragraph(run(`• ${r}`))),
  ];
}

function render(model: CardModel, room: number, extra: { readonly notice?: Notice; readonly review?: ModifyReview }): AdaptiveCard {
  const statement = clip(model.statement, room);
  const shortened = statement.length < model.statement.length;
  const body: CardElement[] = [
    ...(extra.notice ? [paragraph(run(extra.notice.text, { weight: 'Bolder', color: extra.notice.tone }))] : []),
    paragraph(run(model.title, { weight: 'Bolder', size: 'Medium' })),
    ...facts(model),
    paragraph(run(statement, { fontType: 'Monospace' })),
    ...(shortened ? [paragraph(run(`Statement shortened to fit the card; ${model.statement.length} characters in all.`, { isSubtle: true }))] : []),
    ...stateElements(model.state),
    ...(extra.review ? reviewElements(extra.review) : []),
  ];
  if (model.state.kind !== 'pending') return adaptiveCard(body);
  const actions = pendingActions(model, model.statement, !shortened);
  if (extra.review) {
    const data = { requestId: model.requestId, [COMMAND_INPUT]: extra.review.command, [MODIFY_REASON_INPUT]: extra.review.reason ?? '', checked: extra.review.checked };
    actions.unshift(execute('Run modified', RUN_MODIFIED_VERB, data, 'positive'));
  }
  return adaptiveCard(body, actions);
}

export const cardBytes = (card: AdaptiveCard) => Buffer.byteLength(JSON.stringify(card));

/**
 * The approval card for the channel (everyone sees it) or, with a notice or a modification to check,
 * the answer to one reviewer's click. The statement is shown as long as the card stays within Teams'
 * message size. Pure.
 */
export function approvalCard(model: CardModel, extra: { readonly notice?: Notice; readonly review?: ModifyReview } = {}): AdaptiveCard {
  let card = render(model, STATEMENT_ROOMS[0]!, extra);
  for (const room of STATEMENT_ROOMS.slice(1)) {
    if (cardBytes(card) <= MAX_CARD_BYTES) break;
    card = render(model, room, extra);
  }
  return card;
}
