import { describe, expect, it } from 'vitest';
import { parseKeys, type Key } from '../../src/cli/watch-keys.js';
import { initialState, onKey, withPollError, withReviews, type Step, type WatchState } from '../../src/cli/watch-state.js';
import { review } from './review-fixture.js';

const AT = new Date('2024-05-01T10:01:00Z');
const listed = (...ids: string[]) => withReviews(initialState, ids.map((id) => review(id)), AT);

/** Feeds typed input through the key parser and the state machine, keeping every effect. */
function type(state: WatchState, input: string): Step & { effects: NonNullable<Step['effect']>[] } {
  const effects: NonNullable<Step['effect']>[] = [];
  for (const key of parseKeys(input)) {
    const step = onKey(state, key);
    state = step.state;
    if (step.effect) effects.push(step.effect);
  }
  return { state, effects };
}

describe('parseKeys', () => {
  it('reads arrows, controls and characters, several to a chunk', () => {
    const keys: Key[] = [
      { kind: 'up' },
      { kind: 'down' },
      { kind: 'down' },
      { kind: 'char', char: 'a' },
      { kind: 'enter' },
      { kind: 'backspace' },
      { kind: 'interrupt' },
      { kind: 'escape' },
      { kind: 'char', char: 'é' },
    ];
    expect(parseKeys('\x1b[A\x1b[B\x1bOBa\r\x7f\x03\x1bé')).toEqual(keys);
  });

  it('drops other escape sequences whole (right arrow, F5, Delete)', () => {
    expect(parseKeys('\x1b[C\x1b[15~\x1b[3~x')).toEqual([{ kind: 'char', char: 'x' }]);
  });
});

describe('watch state', () => {
  it('moves the selection with arrows and j/k, within the list', () => {
    const s = listed('apr_1', 'apr_2');
    expect(type(s, 'j').state.selected).toBe(1);
    expect(type(s, 'jjj').state.selected).toBe(1);
    expect(type(s, '\x1b[B\x1b[Ak').state.selected).toBe(0);
  });

  it('keeps the selected request selected when the list changes, else the same place', () => {
    const s = type(listed('apr_1', 'apr_2', 'apr_3'), 'j').state;
    expect(withReviews(s, [review('apr_0'), ...s.reviews], AT).selected).toBe(2);
    expect(withReviews(s, [review('apr_1'), review('apr_3')], AT).selected).toBe(1);
    expect(withReviews(s, [review('apr_1')], AT).selected).toBe(0);
    expect(withReviews(s, [], AT).selected).toBe(0);
  });

  it('approves only after y', () => {
    const s = listed('apr_1', 'apr_2');
    const asked = type(s, 'ja');
    expect(asked.state.mode).toEqual({ kind: 'confirm', id: 'apr_2' });
    expect(asked.effects).toEqual([]);
    expect(type(asked.state, 'y').effects).toEqual([{ kind: 'decide', id: 'apr_2', decision: 'approve', body: {} }]);
    const declined = type(asked.state, 'n');
    expect(declined).toMatchObject({ effects: [], state: { mode: { kind: 'browse' }, result: { text: 'not approved: apr_2' } } });
  });

  it('denies with the typed reason, edited with backspace; an empty reason stays in the prompt', () => {
    const s = type(listed('apr_1'), 'd').state;
    expect(s.mode).toEqual({ kind: 'deny', id: 'apr_1', input: '' });
    const empty = type(s, '  \r');
    expect(empty).toMatchObject({ effects: [], state: { mode: { kind: 'deny' }, result: { text: 'a reason is required to deny', error: true } } });
    const denied = type(s, 'use a batchx\x7f job\r');
    expect(denied.effects).toEqual([{ kind: 'decide', id: 'apr_1', decision: 'deny', body: { reason: 'use a batch job' } }]);
    expect(denied.state).toMatchObject({ mode: { kind: 'browse' }, result: { text: 'denying apr_1…', error: false } });
  });

  it('lets q and j be typed into a prompt rather than act', () => {
    const s = type(listed('apr_1', 'apr_2'), 'dqj').state;
    expect(s).toMatchObject({ selected: 0, mode: { kind: 'deny', input: 'qj' } });
  });

  it('modifies starting from the current command', () => {
    const s = type(listed('apr_1'), 'm').state;
    expect(s.mode).toEqual({ kind: 'modify', id: 'apr_1', input: 'DELETE FROM orders WHERE id = 5' });
    const sent = type(s, '\x7f7 LIMIT 1\r');
    expect(sent.effects).toEqual([
      { kind: 'decide', id: 'apr_1', decision: 'modify', body: { command: 'DELETE FROM orders WHERE id = 7 LIMIT 1' } },
    ]);
  });

  it('cancels a prompt with Esc, sending nothing', () => {
    const s = type(listed('apr_1'), 'mxyz\x1b');
    expect(s).toMatchObject({ effects: [], state: { mode: { kind: 'browse' }, result: { text: 'cancelled: modify apr_1' } } });
  });

  it('ignores decision keys with nothing selected', () => {
    expect(type(listed(), 'adm')).toMatchObject({ effects: [], state: { mode: { kind: 'browse' } } });
  });

  it('refreshes on r and quits on q, or on Ctrl-C whatever is asked', () => {
    expect(type(listed('apr_1'), 'r').effects).toEqual([{ kind: 'refresh' }]);
    expect(type(listed('apr_1'), 'q').effects).toEqual([{ kind: 'quit' }]);
    expect(type(listed('apr_1'), 'dreason\x03').effects).toEqual([{ kind: 'quit' }]);
  });

  it('keeps the last list when a poll fails, until one succeeds', () => {
    const failed = withPollError(listed('apr_1'), 'cannot reach the gateway');
    expect(failed).toMatchObject({ reviews: [{ id: 'apr_1' }], poll: { ok: false, error: 'cannot reach the gateway' } });
    expect(withReviews(failed, [], AT).poll).toEqual({ ok: true, at: AT });
  });
});
