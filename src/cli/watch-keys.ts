/** A key press as the watch screen understands it. */
export type Key =
  | { readonly kind: 'up' | 'down' | 'enter' | 'escape' | 'backspace' | 'interrupt' }
  | { readonly kind: 'char'; readonly char: string };

const ESC = '\x1b';
const ARROWS: Readonly<Record<string, Key>> = { A: { kind: 'up' }, B: { kind: 'down' } };
const CONTROLS: Readonly<Record<string, Key>> = {
  '\r': { kind: 'enter' },
  '\n': { kind: 'enter' },
  '\x7f': { kind: 'backspace' },
  '\b': { kind: 'backspace' },
  '\x03': { kind: 'interrupt' },
};

/**
 * The keys in one chunk of raw-mode terminal input. Pure. A chunk may hold several keys (typing ahead,
 * pasting); escape sequences other than up/down (other arrows, function keys) are dropped whole, and an
 * ESC not starting a sequence is the Esc key.
 */
export function parseKeys(input: string): Key[] {
  const keys: Key[] = [];
  const chars = [...input];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === ESC) {
      const intro = chars[i + 1];
      if (intro !== '[' && intro !== 'O') {
        keys.push({ kind: 'escape' });
        continue;
      }
      // CSI / SS3: parameter bytes, then one final byte in @..~ ends the sequence.
      let end = i + 2;
      while (end < chars.length && !/[@-~]/.test(chars[end] as string)) end++;
      const arrow = ARROWS[chars[end] ?? ''];
      if (arrow) keys.push(arrow);
      i = end;
    } else if (CONTROLS[c]) {
      keys.push(CONTROLS[c]);
    } else if (c >= ' ') {
      keys.push({ kind: 'char', char: c });
    }
  }
  return keys;
}
