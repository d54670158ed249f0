const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 } as const;
type Unit = keyof typeof UNIT_MS;
/** Units must appear largest first and at most once, so "1h30m" is fine and "30m1h" is a typo. */
const ORDER: readonly Unit[] = ['d', 'h', 'm', 's', 'ms'];
const PART = /(\d+)(ms|d|h|m|s)/y;

export const DURATION_EXAMPLES = 'e.g. 90s, 5m, 2h';

/** Parses "90s", "5m", "2h", "1h30m", "500ms", "90d" (days of 24 h) into milliseconds; throws on anything else. */
export function parseDuration(text: string): number {
  let total = 0;
  let next = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const match = PART.exec(text);
    const rank = match ? ORDER.indexOf(match[2] as Unit) : -1;
    if (!match || rank < next) throw new Error(`${JSON.stringify(text)} is not a duration (expected ${DURATION_EXAMPLES})`);
    total += Number(match[1]) * UNIT_MS[match[2] as Unit];
    next = rank + 1;
  }
  if (next === 0) throw new Error(`${JSON.stringify(text)} is not a duration (expected ${DURATION_EXAMPLES})`);
  return total;
}
