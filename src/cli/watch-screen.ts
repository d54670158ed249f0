import { reviewTable } from './review-table.js';
import type { Mode, WatchState } from './watch-state.js';

export const HELP_LINE = '↑/↓ select  a approve  d deny  m modify  r refresh  q quit';

export interface ScreenSize {
  readonly width: number;
  readonly height: number;
}

const INVERSE = '\x1b[7m';
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';
/** Lines the frame uses besides the table rows: status, table header, result, help or prompt. */
const CHROME = 4;

// By code point, as the table measures; an escape code added afterwards takes no room.
const cut = (s: string, width: number) => [...s].slice(0, Math.max(0, width)).join('');
const padTo = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - [...s].length));
const styled = (style: string, s: string) => (s === '' ? s : style + s + RESET);

function statusLine(state: WatchState, width: number): string {
  const { poll } = state;
  if (poll === null) return cut('airlock review watch · loading…', width);
  if (!poll.ok) return styled(RED, cut(`airlock review watch · retrying every second · ${poll.error}`, width));
  const updated = poll.at.toISOString().slice(11, 19);
  return cut(`airlock review watch · ${state.reviews.length} pending · updated ${updated} UTC`, width);
}

/** The table with the selected row highlighted, scrolled so that row is among the `rows` shown. */
function tableLines(state: WatchState, now: Date, width: number, rows: number): string[] {
  if (state.reviews.length === 0) return [state.poll?.ok ? 'no pending approval requests' : ''];
  const [header = '', ...body] = reviewTable(state.reviews, now, width).trimEnd().split('\n');
  const first = Math.max(0, state.selected - rows + 1);
  const shown = body.slice(first, first + rows).map((line, i) => {
    const fitted = cut(line, width);
    return first + i === state.selected ? styled(INVERSE, padTo(fitted, width)) : fitted;
  });
  return [styled(BOLD, cut(header, width)), ...shown];
}

/** The prompt keeps its end in view, where the typing happens; the inverse space is the cursor. */
function promptLine(label: string, input: string, width: number): string {
  const room = Math.max(0, width - [...label].length - 1);
  const flat = input.replace(/[\r\n\t]/g, ' ');
  return label + [...flat].slice(-room).join('') + styled(INVERSE, ' ');
}

function bottomLine(mode: Mode, width: number): string {
  switch (mode.kind) {
    case 'browse':
      return cut(HELP_LINE, width);
    case 'confirm':
      return cut(`approve ${mode.id}? [y/N]`, width);
    case 'deny':
      return promptLine(cut(`deny ${mode.id} — reason (Esc cancels): `, width - 1), mode.input, width);
    case 'modify':
      return promptLine(cut(`modify ${mode.id} — command (Esc cancels): `, width - 1), mode.input, width);
  }
}

/**
 * The watch screen as `height` lines, each within `width` columns (escape codes aside): status, the
 * table, blank filler, the last action's result, then help or the current prompt. Pure.
 */
export function screenLines(state: WatchState, now: Date, size: ScreenSize): string[] {
  const { width, height } = size;
  const table = tableLines(state, now, width, Math.max(1, height - CHROME));
  const result = state.result ? cut(state.result.text, width) : '';
  const top = [statusLine(state, width), ...table].slice(0, Math.max(0, height - 2));
  const filler = Array<string>(Math.max(0, height - 2 - top.length)).fill('');
  return [...top, ...filler, state.result?.error ? styled(RED, result) : result, bottomLine(state.mode, width)];
}

/** A whole frame for the terminal: home the cursor and overwrite every line, clearing what was left of the last frame. */
export function paint(lines: readonly string[]): string {
  return '\x1b[H' + lines.map((line) => line + '\x1b[K').join('\r\n') + '\x1b[J';
}
