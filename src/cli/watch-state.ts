import type { DecisionKind } from '../http/review-body.js';
import type { ReviewJson } from '../http/review-json.js';
import type { DecisionBody } from './review-decision.js';
import type { Key } from './watch-keys.js';

/** What the keys mean right now: moving through the list, or answering a question about one request. */
export type Mode =
  | { readonly kind: 'browse' }
  | { readonly kind: 'confirm'; readonly id: string }
  | { readonly kind: 'deny' | 'modify'; readonly id: string; readonly input: string };

export interface WatchState {
  readonly reviews: readonly ReviewJson[];
  /** Index into `reviews`; 0 when the list is empty. */
  readonly selected: number;
  readonly mode: Mode;
  /** The last poll: when it answered, or why it failed; null before the first answer. */
  readonly poll: { readonly ok: true; readonly at: Date } | { readonly ok: false; readonly error: string } | null;
  /** The last action's outcome, kept until the next action. */
  readonly result: { readonly text: string; readonly error: boolean } | null;
}

/** What the I/O loop must do after a key. */
export type Effect =
  | { readonly kind: 'refresh' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'decide'; readonly id: string; readonly decision: DecisionKind; readonly body: DecisionBody };

export interface Step {
  readonly state: WatchState;
  readonly effect?: Effect;
}

export const initialState: WatchState = { reviews: [], selected: 0, mode: { kind: 'browse' }, poll: null, result: null };

const BROWSE: Mode = { kind: 'browse' };
const VERB: Readonly<Record<DecisionKind, string>> = { approve: 'approving', deny: 'denying', modify: 'modifying' };

const clamp = (i: number, reviews: readonly unknown[]) => Math.max(0, Math.min(i, reviews.length - 1));
const note = (state: WatchState, text: string, error = false): WatchState => ({ ...state, result: { text, error } });

/** Leaves the prompt and tells the loop to send the decision; the result line says it is on its way. */
function submit(state: WatchState, id: string, decision: DecisionKind, body: DecisionBody): Step {
  return { state: note({ ...state, mode: BROWSE }, `${VERB[decision]} ${id}…`), effect: { kind: 'decide', id, decision, body } };
}

function browse(state: WatchState, key: Key): Step {
  const current = state.reviews[state.selected];
  const char = key.kind === 'char' ? key.char : undefined;
  if (key.kind === 'up' || char === 'k') return { state: { ...state, selected: clamp(state.selected - 1, state.reviews) } };
  if (key.kind === 'down' || char === 'j') return { state: { ...state, selected: clamp(state.selected + 1, state.reviews) } };
  if (char === 'q') return { state, effect: { kind: 'quit' } };
  if (char === 'r') return { state, effect: { kind: 'refresh' } };
  if (!current) return { state };
  if (char === 'a') return { state: { ...state, mode: { kind: 'confirm', id: current.id } } };
  if (char === 'd') return { state: { ...state, mode: { kind: 'deny', id: current.id, input: '' } } };
  if (char === 'm') return { state: { ...state, mode: { kind: 'modify', id: current.id, input: current.command } } };
  return { state };
}

function confirm(state: WatchState, id: string, key: Key): Step {
  if (key.kind === 'char' && key.char.toLowerCase() === 'y') return submit(state, id, 'approve', {});
  return { state: note({ ...state, mode: BROWSE }, `not approved: ${id}`) };
}

/** A one-line editor: typing appends, backspace removes the last character, Enter submits, Esc cancels. */
function prompt(state: WatchState, mode: Extract<Mode, { input: string }>, key: Key): Step {
  switch (key.kind) {
    case 'char':
      return { state: { ...state, mode: { ...mode, input: mode.input + key.char } } };
    case 'backspace':
      return { state: { ...state, mode: { ...mode, input: [...mode.input].slice(0, -1).join('') } } };
    case 'escape':
      return { state: note({ ...state, mode: BROWSE }, `cancelled: ${mode.kind} ${mode.id}`) };
    case 'enter': {
      const input = mode.input.trim();
      if (input === '') return { state: note(state, mode.kind === 'deny' ? 'a reason is required to deny' : 'the new command is empty', true) };
      return submit(state, mode.id, mode.kind, mode.kind === 'deny' ? { reason: input } : { command: input });
    }
    default:
      return { state };
  }
}

/** The state machine of `airlock review watch`: a key press gives the next state and what to do. Pure. */
export function onKey(state: WatchState, key: Key): Step {
  if (key.kind === 'interrupt') return { state, effect: { kind: 'quit' } };
  const { mode } = state;
  switch (mode.kind) {
    case 'browse':
      return browse(state, key);
    case 'confirm':
      return confirm(state, mode.id, key);
    default:
      return prompt(state, mode, key);
  }
}

/** A fresh list; the selection follows its request, or stays at the same place when that one is gone. */
export function withReviews(state: WatchState, reviews: readonly ReviewJson[], at: Date): WatchState {
  const selectedId = state.reviews[state.selected]?.id;
  const found = reviews.findIndex((r) => r.id === selectedId);
  return { ...state, reviews, selected: clamp(found >= 0 ? found : state.selected, reviews), poll: { ok: true, at } };
}

/** The list stays as last seen; the error shows until a poll succeeds. */
export function withPollError(state: WatchState, error: string): WatchState {
  return { ...state, poll: { ok: false, error } };
}

/** The outcome of a decision: the gateway's account of it, or its refusal. */
export function withResult(state: WatchState, text: string, error: boolean): WatchState {
  return note(state, text, error);
}
