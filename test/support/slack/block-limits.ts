// Slack's documented Block Kit limits (api.slack.com/reference/block-kit). The stand-in
// enforces them so a message that the real API would refuse fails in our tests too.

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  url: 3000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  inputLabel: 2000,
} as const;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns why a text object is invalid, or undefined; `plainOnly` for places Slack requires plain_text. */
function checkText(where: string, t: unknown, max: number, plainOnly = false): string | undefined {
  if (!isObj(t) || typeof t.text !== 'string') return `${where} must be a text object`;
  if (t.type !== 'plain_text' && (plainOnly || t.type !== 'mrkdwn')) return `${where} has an invalid type ${String(t.type)}`;
  if (t.text.length === 0) return `${where} must not be empty`;
  if (t.text.length > max) return `${where} must be at most ${max} characters (got ${t.text.length})`;
  return undefined;
}

function checkLength(where: string, v: unknown, max: number): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return `${where} must be a string`;
  return v.length > max ? `${where} must be at most ${max} characters (got ${v.length})` : undefined;
}

function checkElement(where: string, el: unknown): string | undefined {
  if (!isObj(el)) return `${where} must be an object`;
  const id = checkLength(`${where}.action_id`, el.action_id, LIMITS.actionId);
  if (id) return id;
  if (el.type !== 'button') return undefined;
  return (
    checkText(`${where}.text`, el.text, LIMITS.buttonText, true) ??
    checkLength(`${where}.value`, el.value, LIMITS.buttonValue) ??
    checkLength(`${where}.url`, el.url, LIMITS.url)
  );
}

function checkBlock(where: string, b: unknown): string | undefined {
  if (!isObj(b) || typeof b.type !== 'string') return `${where} must be a block with a type`;
  const id = checkLength(`${where}.block_id`, b.block_id, LIMITS.blockId);
  if (id) return id;
  switch (b.type) {
    case 'section': {
      if (b.text === undefined && b.fields === undefined) return `${where} needs text or fields`;
      if (b.text !== undefined) {
        const err = checkText(`${where}.text`, b.text, LIMITS.sectionText);
        if (err) return err;
      }
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > LIMITS.sectionFields) return `${where}.fields must be at most ${LIMITS.sectionFields} items`;
        for (const [i, f] of b.fields.entries()) {
          const err = checkText(`${where}.fields[${i}]`, f, LIMITS.fieldText);
          if (err) return err;
        }
      }
      return b.accessory === undefined ? undefined : checkElement(`${where}.accessory`, b.accessory);
    }
    case 'header':
      return checkText(`${where}.text`, b.text, LIMITS.headerText, true);
    case 'actions':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > LIMITS.actionsElements) {
        return `${where}.elements must have 1 to ${LIMITS.actionsElements} items`;
      }
      for (const [i, el] of b.elements.entries()) {
        const err = checkElement(`${where}.elements[${i}]`, el);
        if (err) return err;
      }
      return undefined;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > LIMITS.contextElements) {
        return `${where}.elements must have 1 to ${LIMITS.contextElements} items`;
      }
      return undefined;
    case 'input':
      return checkText(`${where}.label`, b.label, LIMITS.inputLabel, true) ?? checkElement(`${where}.element`, b.element);
    default:
      return undefined;
  }
}

/** Why a list of blocks breaks Slack's limits, or undefined when Slack would accept it. */
export function blocksError(blocks: unknown, maxBlocks: number): string | undefined {
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > maxBlocks) return `no more than ${maxBlocks} items allowed [json-pointer:/blocks]`;
  for (const [i, b] of blocks.entries()) {
    const err = checkBlock(`blocks[${i}]`, b);
    if (err) return err;
  }
  return undefined;
}

/** Why a modal or home tab view breaks Slack's limits, or undefined. */
export function viewError(view: unknown, type: 'modal' | 'home'): string | undefined {
  if (!isObj(view)) return 'view must be an object';
  if (view.type !== type) return `view.type must be ${type}`;
  if (type === 'modal') {
    const err =
      checkText('view.title', view.title, LIMITS.viewTitle, true) ??
      (view.submit === undefined ? undefined : checkText('view.submit', view.submit, LIMITS.viewButton, true)) ??
      (view.close === undefined ? undefined : checkText('view.close', view.close, LIMITS.viewButton, true));
    if (err) return err;
  }
  return (
    checkLength('view.private_metadata', view.private_metadata, LIMITS.privateMetadata) ??
    checkLength('view.callback_id', view.callback_id, LIMITS.callbackId) ??
    blocksError(view.blocks, LIMITS.viewBlocks)
  );
}
