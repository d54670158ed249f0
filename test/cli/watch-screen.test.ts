import { describe, expect, it } from 'vitest';
import { paint, screenLines } from '../../src/cli/watch-screen.js';
import { initialState, onKey, withPollError, withResult, withReviews, type WatchState } from '../../src/cli/watch-state.js';
import { review } from './review-fixture.js';

const NOW = new Date('2024-05-01T10:01:00Z');
const SIZE = { width: 80, height: 8 };
const plain = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const listed = (n: number) => withReviews(initialState, Array.from({ length: n }, (_, i) => review(`apr_${i}`)), NOW);
const down = (s: WatchState, times: number) => Array.from({ length: times }).reduce<WatchState>((st) => onKey(st, { kind: 'down' }).state, s);

describe('watch screen', () => {
  it('fills the terminal: status, table, filler, result, help', () => {
    const lines = screenLines(listed(2), NOW, SIZE);
    expect(lines).toHaveLength(8);
    expect(lines.map(plain)).toEqual([
      'airlock review watch · 2 pending · updated 10:01:00 UTC',
      expect.stringMatching(/^ID +CONNECTION +IDENTITY +COMMAND +AGE +EXPIRES IN$/),
      expect.stringMatching(/^apr_0 +prod-db +devin +DELETE FROM orders WHERE id = 5 +1m +4m *$/),
      expect.stringMatching(/^apr_1 +prod-db/),
      '',
      '',
      '',
      '↑/↓ select  a approve  d deny  m modify  r refresh  q quit',
    ]);
  });

  it('highlights the selected row across the full width', () => {
    const lines = screenLines(down(listed(2), 1), NOW, SIZE);
    expect(lines[2]).not.toContain('\x1b[7m');
    expect(lines[3]).toMatch(/^\x1b\[7mapr_1 .*\x1b\[0m$/);
    expect(plain(lines[3] ?? '')).toHaveLength(80);
  });

  it('scrolls to keep the selected row on screen', () => {
    const lines = screenLines(down(listed(10), 7), NOW, SIZE).map(plain);
    // Height 8 leaves 4 rows for the table: apr_4 … apr_7.
    expect(lines.slice(2, 6).map((l) => l.slice(0, 5))).toEqual(['apr_4', 'apr_5', 'apr_6', 'apr_7']);
  });

  it('cuts every line to the terminal width, the command first', () => {
    const long = withReviews(initialState, [review('apr_1', { command: `UPDATE t SET a = 1 WHERE ${'x'.repeat(200)}` })], NOW);
    const lines = screenLines(long, NOW, { width: 60, height: 6 }).map(plain);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    expect(lines[2]).toMatch(/^apr_1 +prod-db +devin +UPDATE t SET a = 1 … +1m +4m *$/);
  });

  it('says when nothing is pending', () => {
    expect(screenLines(listed(0), NOW, SIZE).map(plain)[1]).toBe('no pending approval requests');
  });

  it('shows a failed poll in the status line, in red, keeping the list', () => {
    const lines = screenLines(withPollError(listed(1), 'unknown token (HTTP 401)'), NOW, SIZE);
    expect(lines[0]).toBe('\x1b[31mairlock review watch · retrying every second · unknown token (HTTP 401)\x1b[0m');
    expect(plain(lines[2] ?? '')).toMatch(/^apr_0/);
  });

  it('shows the last result above the help, refusals in red', () => {
    const ok = screenLines(withResult(listed(1), 'approved apr_0 (DELETE …)', false), NOW, SIZE);
    expect(ok[6]).toBe('approved apr_0 (DELETE …)');
    const refused = screenLines(withResult(listed(1), 'already approved by alice@example.com', true), NOW, SIZE);
    expect(refused[6]).toBe('\x1b[31malready approved by alice@example.com\x1b[0m');
  });

  it('asks to confirm an approval, and shows the prompt with its end in view', () => {
    const confirm = onKey(listed(1), { kind: 'char', char: 'a' }).state;
    expect(screenLines(confirm, NOW, SIZE)[7]).toBe('approve apr_0? [y/N]');
    const modify = onKey(listed(1), { kind: 'char', char: 'm' }).state;
    const label = 'modify apr_0 — command (Esc cancels): ';
    const wide = screenLines(modify, NOW, { width: 80, height: 8 })[7];
    expect(wide).toBe(`${label}DELETE FROM orders WHERE id = 5\x1b[7m \x1b[0m`);
    const narrow = plain(screenLines(modify, NOW, { width: 50, height: 8 })[7] ?? '');
    expect(narrow).toBe(`${label}HERE id = 5 `);
    expect([...narrow].length).toBe(50);
  });

  it('paints a frame from the top, clearing stale text', () => {
    expect(paint(['a', 'b'])).toBe('\x1b[Ha\x1b[K\r\nb\x1b[K\x1b[J');
  });
});
