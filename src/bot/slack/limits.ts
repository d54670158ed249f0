/**
 * Slack's documented Block Kit limits, and a checker that lists every breach. Slack refuses a whole
 * message (`invalid_blocks`) for one over-long field, so the renderer must stay inside these and the
 * tests (and the local Slack stand-in) hold it to them. Lengths are JavaScript string lengths (UTF-16
 * code units), which is never fewer than the characters Slack counts.
 */

/** https://api.slack.com/reference/block-kit/blocks — "up to 50 blocks in each message". */
export const MAX_MESSAGE_BLOCKS = 50;
/** Same page — "up to 100 blocks in modals or Home tabs". */
export const MAX_MODAL_BLOCKS = 100;
/** https://api.slack.com/reference/block-kit/blocks#header — text "Maximum length … is 150 characters". */
export const MAX_HEADER_TEXT = 150;
/** https://api.slack.com/reference/block-kit/blocks#section — text "Maximum length … is 3000 characters". */
export const MAX_SECTION_TEXT = 3000;
/** Same page — fields: "Maximum number of items is 10. Maximum length for the text in each item is 2000". */
export const MAX_SECTION_FIELDS = 10;
export const MAX_FIELD_TEXT = 2000;
/** https://api.slack.com/reference/block-kit/blocks#context — "Maximum number of items is 10". */
export const MAX_CONTEXT_ELEMENTS = 10;
/** https://api.slack.com/reference/block-kit/blocks#actions — "There is a maximum of 25 elements". */
export const MAX_ACTIONS_ELEMENTS = 25;
/** https://api.slack.com/reference/block-kit/block-elements#button — text "Maximum length … is 75 characters". */
export const MAX_BUTTON_TEXT = 75;
/** Same page — value "Maximum length … is 2000 characters". */
export const MAX_BUTTON_VALUE = 2000;
/** https://api.slack.com/reference/block-kit/composition-objects#confirm — title 100, text 300, buttons 30 characters. */
export const MAX_CONFIRM_TITLE = 100;
export const MAX_CONFIRM_TEXT = 300;
/** Same page — action_id "Maximum length … is 255 characters"; block_id likewise on every block. */
export const MAX_ACTION_ID = 255;
export const MAX_BLOCK_ID = 255;
/** https://api.slack.com/reference/surfaces/views — title "Max length of 24 characters"; submit and close likewise. */
export const MAX_VIEW_TITLE = 24;
export const MAX_VIEW_BUTTON = 24;
/** Same page — private_metadata "Max length of 3000 characters"; callback_id "Max length of 255 characters". */
export const MAX_PRIVATE_METADATA = 3000;
export const MAX_CALLBACK_ID = 255;
/** https://api.slack.com/reference/block-kit/blocks#input — label "Maximum length … is 2000 characters". */
export const MAX_INPUT_LABEL = 2000;
/** https://api.slack.com/reference/block-kit/block-elements#input — initial_value and max_length top out at 3000. */
export const MAX_INPUT_VALUE = 3000;
/** https://api.slack.com/methods/chat.postMessage — `text` is truncated past 40,000 characters. */
export const MAX_MESSAGE_TEXT = 40_000;

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects breaches instead of stopping at the first, so one test run shows everything wrong. */
class Violations {
  readonly list: string[] = [];

  length(where: string, v: unknown, max: number): void {
    if (v === undefined) return;
    if (typeof v !== 'string') this.list.push(`${where} must be a string`);
    else if (v.length > max) this.list.push(`${where} is ${v.length} characters, more than ${max}`);
  }

  text(where: string, t: unknown, max: number, plainOnly = false): void {
    if (!isObj(t) || typeof t.text !== 'string') return void this.list.push(`${where} must be a text object`);
    if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) this.list.push(`${where} has type ${String(t.type)}`);
    if (t.text.length === 0) this.list.push(`${where} is empty`);
    this.length(`${where}.text`, t.text, max);
  }

  count(where: string, v: unknown, max: number): readonly unknown[] {
    if (!Array.isArray(v) || v.length === 0) {
      this.list.push(`${where} must be a non-empty array`);
      return [];
    }
    if (v.length > max) this.list.push(`${where} has ${v.length} items, more than ${max}`);
    return v;
  }

  element(where: string, el: unknown): void {
    if (!isObj(el)) return void this.list.push(`${where} must be an object`);
    this.length(`${where}.action_id`, el.action_id, MAX_ACTION_ID);
    if (el.type === 'button') {
      this.text(`${where}.text`, el.text, MAX_BUTTON_TEXT, true);
      this.length(`${where}.value`, el.value, MAX_BUTTON_VALUE);
      if (isObj(el.confirm)) {
        this.text(`${where}.confirm.title`, el.confirm.title, MAX_CONFIRM_TITLE, true);
        this.text(`${where}.confirm.text`, el.confirm.text, MAX_CONFIRM_TEXT);
      }
    }
    if (el.type === 'plain_text_input') this.length(`${where}.initial_value`, el.initial_value, MAX_INPUT_VALUE);
  }

  block(where: string, b: unknown): void {
    if (!isObj(b)) return void this.list.push(`${where} must be an object`);
    this.length(`${where}.block_id`, b.block_id, MAX_BLOCK_ID);
    switch (b.type) {
      case 'header':
        return this.text(`${where}.text`, b.text, MAX_HEADER_TEXT, true);
      case 'section':
        if (b.text === undefined && b.fields === undefined) this.list.push(`${where} needs text or fields`);
        if (b.text !== undefined) this.text(`${where}.text`, b.text, MAX_SECTION_TEXT);
        if (b.fields !== undefined) {
          this.count(`${where}.fields`, b.fields, MAX_SECTION_FIELDS).forEach((f, i) => this.text(`${where}.fields[${i}]`, f, MAX_FIELD_TEXT));
        }
        if (b.accessory !== undefined) this.element(`${where}.accessory`, b.accessory);
        return;
      case 'context':
        this.count(`${where}.elements`, b.elements, MAX_CONTEXT_ELEMENTS).forEach((t, i) => this.text(`${where}.elements[${i}]`, t, MAX_SECTION_TEXT));
        return;
      case 'actions':
        this.count(`${where}.elements`, b.elements, MAX_ACTIONS_ELEMENTS).forEach((el, i) => this.element(`${where}.elements[${i}]`, el));
        return;
      case 'input':
        this.text(`${where}.label`, b.label, MAX_INPUT_LABEL, true);
        return this.element(`${where}.element`, b.element);
      case 'divider':
        return;
      default:
        this.list.push(`${where} has unsupported type ${String(b.type)}`);
    }
  }

  blocks(blocks: unknown, max: number): void {
    this.count('blocks', blocks, max).forEach((b, i) => this.block(`blocks[${i}]`, b));
  }
}

/** Every way a message's blocks (and optional fallback text) break Slack's limits; empty when Slack would accept it. */
export function validateMessage(blocks: unknown, text?: string): string[] {
  const v = new Violations();
  v.blocks(blocks, MAX_MESSAGE_BLOCKS);
  v.length('text', text, MAX_MESSAGE_TEXT);
  return v.list;
}

/** Every way a modal view breaks Slack's limits; empty when `views.open` would accept it. */
export function validateModal(view: unknown): string[] {
  const v = new Violations();
  if (!isObj(view) || view.type !== 'modal') return ['view must be an object of type modal'];
  v.text('view.title', view.title, MAX_VIEW_TITLE, true);
  if (view.submit !== undefined) v.text('view.submit', view.submit, MAX_VIEW_BUTTON, true);
  if (view.close !== undefined) v.text('view.close', view.close, MAX_VIEW_BUTTON, true);
  v.length('view.private_metadata', view.private_metadata, MAX_PRIVATE_METADATA);
  v.length('view.callback_id', view.callback_id, MAX_CALLBACK_ID);
  v.blocks(view.blocks, MAX_MODAL_BLOCKS);
  return v.list;
}
