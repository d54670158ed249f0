import { describe, expect, it } from 'vitest';
import { limitPreviews } from '../../src/gateway/postgres/impact/preview-limit.js';

describe('impact preview limit', () => {
  it('runs at most N previews at once and answers the rest with "impact unknown" at once', async () => {
    const release: Array<() => void> = [];
    let started = 0;
    const slow = (sql: string) =>
      new Promise<string>((resolve) => {
        started++;
        release.push(() => resolve(`DELETE on t, ~1 rows (${sql})`));
      });
    const limited = limitPreviews(slow, 2);
    const results = [limited('a'), limited('b'), limited('c')];
    expect(await results[2]).toBe('impact unknown: too many previews in flight');
    expect(started).toBe(2);
    release.forEach((r) => r());
    expect(await Promise.all(results.slice(0, 2))).toEqual(['DELETE on t, ~1 rows (a)', 'DELETE on t, ~1 rows (b)']);
    release.length = 0;
    const after = limited('d');
    release.forEach((r) => r());
    expect(await after).toBe('DELETE on t, ~1 rows (d)');
  });
});
