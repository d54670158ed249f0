import { describe, expect, it } from 'vitest';
import type { ReviewJson } from '../../src/http/review-json.js';
import { review as pendingReview } from './review-fixture.js';
import { decisionLine } from '../../src/cli/decision-line.js';
import { humanDuration } from '../../src/util/human-duration.js';
import { oneLine } from '../../src/cli/one-line.js';
import { reviewTable } from '../../src/cli/review-table.js';

const now = new Date('2024-05-01T12:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
const review = (over: Partial<ReviewJson> = {}): ReviewJson =>
  pendingReview('apr_ABCDEFGHJK', { command: 'DELETE FROM orders', createdAt: at(-130), expiresAt: at(170), ...over });

describe('humanDuration', () => {
  it('shows the two largest units in whole seconds', () => {
    expect([0, 999, 45_000, 120_000, 130_000, 3_661_000, 90_061_000, -5].map(humanDuration)).toEqual([
      '0s', '0s', '45s', '2m', '2m 10s', '1h 1m', '1d 1h', '0s',
    ]);
  });
});

describe('oneLine', () => {
  it('collapses whitespace and cuts with an ellipsis without splitting a code point', () => {
    expect(oneLine('SELECT *\n  FROM t', 80)).toBe('SELECT * FROM t');
    expect(oneLine('abcdef', 4)).toBe('abc…');
    expect(oneLine('ab😀cd', 4)).toBe('ab😀…');
  });
});

describe('reviewTable', () => {
  it('aligns columns, cuts the command to the width and marks overdue requests', () => {
    const long = 'UPDATE accounts SET balance = 0\nWHERE customer_id IN (SELECT id FROM customers WHERE region = 5)';
    const table = reviewTable([review(), review({ id: 'apr_ZZZZZZZZZZ', command: long, expiresAt: at(-1) })], now, 80);
    expect(table).toBe(
      [
        'ID              CONNECTION  IDENTITY  COMMAND                 AGE     EXPIRES IN',
        'apr_ABCDEFGHJK  prod-db     devin     DELETE FROM orders      2m 10s  2m 50s',
        'apr_ZZZZZZZZZZ  prod-db     devin     UPDATE accounts SET b…  2m 10s  expired',
        '',
      ].join('\n'),
    );
  });
});

describe('decisionLine', () => {
  it('says what became of the request', () => {
    expect(decisionLine(review({ state: 'approved', closed: { as: 'approved', at: at(0) } }))).toBe('approved apr_ABCDEFGHJK (DELETE FROM orders)');
    expect(decisionLine(review({ quorum: 2, approvals: ['alice'] }))).toBe('approval recorded: 1 of 2 for apr_ABCDEFGHJK (DELETE FROM orders)');
    expect(decisionLine(review({ state: 'modified', closed: { as: 'modified', at: at(0), command: 'SELECT 1' } }))).toBe(
      'modified apr_ABCDEFGHJK: runs SELECT 1 instead of DELETE FROM orders',
    );
    // The command may already have run by the time the answer is read: what counts is how it was decided.
    expect(decisionLine(review({ state: 'executed', closed: { as: 'denied', at: at(0) } }))).toBe('denied apr_ABCDEFGHJK (DELETE FROM orders)');
  });
});
