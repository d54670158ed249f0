import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/load.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1m30s250ms', 90_250],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '5 minutes', '1.5h', '30m1h', '5m5m', 'm', '-5s', ' 5s'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(`${JSON.stringify(text)} is not a duration (expected e.g. 90s, 5m, 2h)`);
  });
});
