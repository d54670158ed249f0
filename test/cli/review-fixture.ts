import type { ReviewJson } from '../../src/http/review-json.js';

/** A pending request as the review API lists it, for tests that need no gateway. */
export const review = (id: string, over: Partial<ReviewJson> = {}): ReviewJson => ({
  id,
  connection: 'prod-db',
  protocol: 'postgres',
  identity: 'devin',
  command: `DELETE FROM orders WHERE id = ${id.length}`,
  reasons: [],
  tables: [],
  impact: null,
  reviewers: ['dba'],
  quorum: 1,
  approvals: [],
  state: 'pending',
  createdAt: '2024-05-01T10:00:00.000Z',
  expiresAt: '2024-05-01T10:05:00.000Z',
  ...over,
});
