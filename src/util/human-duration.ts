const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** `2m 10s`, `1h 5m`, `45s`: the two largest units, whole seconds, negatives as `0s`. Pure. */
export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const i = UNITS.findIndex(([, size]) => seconds >= size);
  const big = UNITS[i];
  if (!big) return '0s';
  const next = UNITS[i + 1];
  const head = `${Math.floor(seconds / big[1])}${big[0]}`;
  const rest = next ? Math.floor((seconds % big[1]) / next[1]) : 0;
  return next && rest > 0 ? `${head} ${rest}${next[0]}` : head;
}
