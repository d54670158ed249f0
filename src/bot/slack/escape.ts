/**
 * Making agent text inert in Slack mrkdwn. Slack reads `<…>` as mentions (`<!channel>`, `<@U…>`) and
 * links (`<http://x|y>`), so `&`, `<` and `>` become entities — the only escaping Slack defines — and a
 * statement can neither ping a channel nor dress up a link. Backtick runs get a zero-width joiner
 * between each pair: a ``` inside the statement would otherwise close our code block and let the rest
 * be read as formatting. Shortening happens here too, because a cut must not split an entity, a joined
 * pair or a surrogate pair, and Slack's limits count the escaped text.
 */

const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ZWJ = '\u200D';

/** One code point, escaped; `prev` is the code point before it. */
const escapeChar = (ch: string, prev: string | undefined): string => (ch === '`' && prev === '`' ? `${ZWJ}\`` : (ENTITY[ch] ?? ch));

export function escapeMrkdwn(raw: string): string {
  return raw.replace(/[&<>]/g, (ch) => ENTITY[ch] ?? ch).replace(/`(?=`)/g, `\`${ZWJ}`);
}

const marker = (more: number) => `\n… (truncated, ${more} more characters)`;

/** Escapes `chars[from…]` into at most `room` characters; returns the text and the index it stopped at. */
function take(chars: readonly string[], from: number, room: number): { text: string; end: number } {
  let text = '';
  let i = from;
  for (; i < chars.length; i++) {
    const piece = escapeChar(chars[i] ?? '', chars[i - 1]);
    if (text.length + piece.length > room) break;
    text += piece;
  }
  return { text, end: i };
}

/**
 * `raw` escaped and split into at most `maxChunks` pieces of at most `size` characters (always at least
 * one piece). When it doesn't all fit, the last piece ends with "… (truncated, N more characters)",
 * N counting the raw characters left out.
 */
export function escapedChunks(raw: string, size: number, maxChunks: number): string[] {
  const chars = [...raw];
  const chunks: string[] = [];
  let from = 0;
  do {
    const piece = take(chars, from, size);
    if (chunks.length === maxChunks - 1 && piece.end < chars.length) {
      // The marker's length is bounded by the count before cutting, which only shrinks.
      const cut = take(chars, from, size - marker(chars.length - from).length);
      chunks.push(cut.text + marker(chars.length - cut.end));
      break;
    }
    chunks.push(piece.text);
    from = piece.end;
  } while (from < chars.length);
  return chunks;
}

/** `raw` escaped and, if need be, shortened with a truncation marker to at most `size` characters. */
export function escapedFit(raw: string, size: number): { text: string; truncated: boolean } {
  const [text = ''] = escapedChunks(raw, size, 1);
  return { text, truncated: text !== escapeMrkdwn(raw) };
}
