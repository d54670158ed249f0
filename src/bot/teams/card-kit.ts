/**
 * The few Adaptive Card (schema 1.5) shapes the bot builds. Agent-supplied text only ever goes in a
 * TextRun, which Teams renders literally (no markdown, no mentions); TextBlocks carry only our own words
 * and the DATE/TIME functions that show a moment in each reader's time zone.
 */
export type CardElement = { readonly type: string; readonly [key: string]: unknown };

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  readonly version: '1.5';
  readonly body: readonly CardElement[];
  readonly actions?: readonly CardElement[];
  readonly msteams?: { readonly width: 'Full'; readonly entities?: readonly Mention[] };
}

/** A person (AAD object id) or a tag (tag id) raised by `<at>name</at>` in a TextBlock. */
export interface Mention {
  readonly type: 'mention';
  readonly text: string;
  readonly mentioned: { readonly id: string; readonly name: string; readonly type?: 'tag' };
}

export const adaptiveCard = (body: readonly CardElement[], actions: readonly CardElement[] = [], mentions: readonly Mention[] = []): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...(actions.length > 0 && { actions }),
  msteams: { width: 'Full', ...(mentions.length > 0 && { entities: mentions }) },
});

type RunStyle = { readonly weight?: 'Bolder'; readonly size?: 'Medium' | 'Large'; readonly color?: 'Good' | 'Attention' | 'Warning'; readonly fontType?: 'Monospace'; readonly isSubtle?: boolean };

/** Literal text: a TextRun is never parsed as markdown. */
export const run = (text: string, style: RunStyle = {}): CardElement => ({ type: 'TextRun', text, ...style });
export const paragraph = (...runs: CardElement[]): CardElement => ({ type: 'RichTextBlock', inlines: runs });

/** "Expires: 24 Nov 2026 10:03" in the reader's own zone; Teams fills in DATE/TIME, so only trusted text here. */
export const when = (label: string, at: Date): CardElement => {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return { type: 'TextBlock', text: `**${label}** {{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`, wrap: true, spacing: 'None' };
};

export const execute = (title: string, verb: string, data: Record<string, string>, style?: 'positive' | 'destructive'): CardElement => ({
  type: 'Action.Execute',
  title,
  verb,
  data,
  associatedInputs: 'auto',
  ...(style !== undefined && { style }),
});

export const showCard = (title: string, body: readonly CardElement[], actions: readonly CardElement[]): CardElement => ({
  type: 'Action.ShowCard',
  title,
  card: { type: 'AdaptiveCard', body, actions },
});

export const textInput = (id: string, label: string, opts: { readonly value?: string; readonly required?: string; readonly multiline?: boolean; readonly placeholder?: string } = {}): CardElement => ({
  type: 'Input.Text',
  id,
  label,
  isMultiline: opts.multiline ?? true,
  ...(opts.value !== undefined && { value: opts.value }),
  ...(opts.placeholder !== undefined && { placeholder: opts.placeholder }),
  ...(opts.required !== undefined && { isRequired: true, errorMessage: opts.required }),
});
