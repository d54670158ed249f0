/**
 * Helpers shared by the detectors: walking a pattern's matches, looking for a context keyword near
 * a candidate, and digit handling. Everything here is linear in the text's length.
 */

const NON_DIGIT = /\D/g;

export const patterns: readonly RegExp[] = [NON_DIGIT];

/**
 * Calls `accept` for each match of `pattern` (which must carry the `g` flag) and collects what it
 * returns. When `accept` rejects a match (returns undefined) the scan resumes one character after
 * the match's start rather than after its end, so a valid value that starts inside a rejected run
 * (a phone number after a date, a card after a stray digit group) is still found. Patterns begin
 * with look-behinds that refuse to start inside a token, so a position is retried only a bounded
 * number of times.
 *
 * The pattern object itself is used (compiling a copy per call costs more than the scan of a short
 * value); detection is synchronous and never re-enters `scan` with the same pattern, and lastIndex
 * is reset on the way in and out.
 */
export function scan<T>(pattern: RegExp, text: string, accept: (m: RegExpExecArray) => T | undefined): T[] {
  const out: T[] = [];
  pattern.lastIndex = 0;
  try {
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const found = accept(m);
      if (found === undefined) pattern.lastIndex = m.index + 1;
      else out.push(found);
    }
  } finally {
    pattern.lastIndex = 0;
  }
  return out;
}

/** Whether `keyword` matches within `before` characters ahead of `start`, on the same line. */
export function keywordBefore(text: string, start: number, keyword: RegExp, before: number): boolean {
  const window = text.slice(Math.max(0, start - before), start);
  return keyword.test(window.slice(window.lastIndexOf('\n') + 1));
}

/** Whether `keyword` matches within `after` characters following `end`, on the same line. */
export function keywordAfter(text: string, end: number, keyword: RegExp, after: number): boolean {
  const window = text.slice(end, end + after);
  const nl = window.indexOf('\n');
  return keyword.test(nl === -1 ? window : window.slice(0, nl));
}

export function digitsOf(value: string): string {
  return value.replace(NON_DIGIT, '');
}

/** Whether `text` holds at least `n` ASCII digits; stops counting once it does. */
export function hasDigits(text: string, n: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length && count < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) count++;
  }
  return count >= n;
}

/** Whether `text` holds `char` at least `n` times; stops looking once it does. */
export function hasChars(text: string, char: string, n: number): boolean {
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) if (--n === 0) return true;
  return n <= 0;
}
