import { describe, expect, it } from 'vitest';
import { freshReviewer, learnedReviewer } from '../../src/identity/learned-reviewer.js';

describe('learned reviewer records', () => {
  const record = learnedReviewer({ name: 'carol@idp.test', groups: ['dba'] }, 1000, 500);

  it('count until the TTL after the sign-in, and no longer', () => {
    expect(record).toEqual({ name: 'carol@idp.test', groups: ['dba'], seenAt: 1000, until: 1500 });
    expect(freshReviewer(JSON.stringify(record), 1499)).toEqual(record);
    expect(freshReviewer(JSON.stringify(record), 1500)).toBeUndefined();
  });

  it('are ignored when absent or not ours', () => {
    expect(freshReviewer(null, 0)).toBeUndefined();
    expect(freshReviewer('not json', 0)).toBeUndefined();
    expect(freshReviewer(JSON.stringify({ ...record, groups: 'dba' }), 0)).toBeUndefined();
  });
});
