export type DiffLine = { readonly op: ' ' | '-' | '+'; readonly text: string };

/**
 * A line diff (longest common subsequence), so a reviewer sees exactly what their edit changes before
 * it runs. Statements are short, so the quadratic table is fine; past `maxCells` it degrades to
 * "all old lines out, all new lines in", which is still correct. Pure.
 */
export function lineDiff(before: string, after: string, maxCells = 250_000): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > maxCells) return [...a.map((text) => ({ op: '-' as const, text })), ...b.map((text) => ({ op: '+' as const, text }))];
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ op: ' ', text: a[i++]! });
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: '-', text: a[i++]! });
    else out.push({ op: '+', text: b[j++]! });
  }
  while (i < a.length) out.push({ op: '-', text: a[i++]! });
  while (j < b.length) out.push({ op: '+', text: b[j++]! });
  return out;
}

/** The diff as text, one `- `/`+ `/`  ` prefixed line each. */
export const diffText = (lines: readonly DiffLine[]) => lines.map((l) => `${l.op} ${l.text}`).join('\n');
