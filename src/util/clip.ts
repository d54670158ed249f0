/** Plain text shortened to `max` UTF-16 units by whole code points, with an ellipsis when cut. Pure. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
