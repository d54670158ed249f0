/** `text` on one line (whitespace runs collapsed), cut to `max` characters with an ellipsis. Pure. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat]; // by code point, so a cut never splits a surrogate pair
  return chars.length <= max ? flat : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}
