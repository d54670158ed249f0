// What Teams refuses in a bot's message, checked the way the service checks it: the message size,
// the Adaptive Card version and element types Teams renders, Action.Execute without a verb, duplicate
// input ids, and mentions whose <at> text is not in the card.

/** Teams refuses bot messages over about 28 KB (HTTP 413). */
export const MAX_MESSAGE_BYTES = 28 * 1024;
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';
const VERSIONS = new Set(['1.0', '1.1', '1.2', '1.3', '1.4', '1.5']);
const ELEMENTS = new Set(['TextBlock', 'RichTextBlock', 'FactSet', 'Container', 'ColumnSet', 'Image', 'Input.Text', 'Input.ChoiceSet', 'Input.Toggle', 'ActionSet']);
const ACTIONS = new Set(['Action.Execute', 'Action.ShowCard', 'Action.OpenUrl', 'Action.Submit', 'Action.ToggleVisibility']);

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

function checkCard(card: Json, path: string, problems: string[], inputIds: Set<string>, texts: string[]): void {
  if (card.type !== 'AdaptiveCard') problems.push(`${path}.type must be AdaptiveCard`);
  if (path === 'card' && !VERSIONS.has(String(card.version))) problems.push(`${path}.version ${String(card.version)} is not supported by Teams`);
  for (const [i, el] of list(card.body).entries()) checkElement(el, `${path}.body[${i}]`, problems, inputIds, texts);
  for (const [i, action] of list(card.actions).entries()) checkAction(action, `${path}.actions[${i}]`, problems, inputIds, texts);
}

function checkElement(el: Json, path: string, problems: string[], inputIds: Set<string>, texts: string[]): void {
  if (!ELEMENTS.has(String(el.type))) return void problems.push(`${path}: unknown element type ${String(el.type)}`);
  if (el.type === 'TextBlock') texts.push(String(el.text ?? ''));
  if (el.type === 'RichTextBlock') {
    for (const [i, inline] of list(el.inlines).entries()) if (inline.type !== 'TextRun' || typeof inline.text !== 'string') problems.push(`${path}.inlines[${i}] must be a TextRun with text`);
  }
  if (String(el.type).startsWith('Input.')) {
    const id = String(el.id ?? '');
    if (!id) problems.push(`${path}: an input needs an id`);
    else if (inputIds.has(id)) problems.push(`${path}: duplicate input id ${id}`);
    inputIds.add(id);
  }
  for (const [i, child] of list(el.items).entries()) checkElement(child, `${path}.items[${i}]`, problems, inputIds, texts);
}

function checkAction(action: Json, path: string, problems: string[], inputIds: Set<string>, texts: string[]): void {
  if (!ACTIONS.has(String(action.type))) return void problems.push(`${path}: unknown action type ${String(action.type)}`);
  if (action.type === 'Action.Execute' && !action.verb) problems.push(`${path}: Action.Execute needs a verb`);
  if (action.type === 'Action.ShowCard') checkCard(action.card as Json, `${path}.card`, problems, inputIds, texts);
}

/** Problems with one outgoing activity, as Teams would report them; empty when Teams would take it. */
export function activityProblems(activity: Json, bytes: number): { status: number; problems: string[] } {
  if (bytes > MAX_MESSAGE_BYTES) return { status: 413, problems: [`message is ${bytes} bytes; Teams takes at most ${MAX_MESSAGE_BYTES}`] };
  const problems: string[] = [];
  if (activity.type !== 'message') problems.push(`activity type ${String(activity.type)} cannot be posted`);
  for (const [i, att] of list(activity.attachments).entries()) {
    if (att.contentType !== ADAPTIVE) continue;
    const card = att.content as Json;
    const texts: string[] = [];
    checkCard(card, 'card', problems, new Set(), texts);
    const entities = list((card.msteams as Json | undefined)?.entities);
    for (const e of entities) if (e.type === 'mention' && !texts.some((t) => t.includes(String(e.text)))) problems.push(`attachments[${i}]: mention ${String(e.text)} is not in any TextBlock`);
  }
  if (!activity.text && list(activity.attachments).length === 0) problems.push('a message needs text or an attachment');
  return { status: problems.length ? 400 : 200, problems };
}
