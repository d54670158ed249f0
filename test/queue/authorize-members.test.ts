import { describe, expect, it } from 'vitest';
import { authorizeDecision, mayDecide } from '../../src/queue/authorize-decision.js';

const request = { id: 'apr_abcdefghij', identity: { name: 'Alice@Example.com', groups: ['dba'] }, reviewers: ['dba'], reviewerMembers: ['lead@example.com', 'alice@example.com'] };

describe('reviewers named as members', () => {
  it('lets a named member decide whatever their groups, matching the name case-insensitively', () => {
    expect(authorizeDecision(request, { name: 'Lead@example.com', groups: [] }, { kind: 'approve' })).toEqual({ ok: true });
    expect(mayDecide(request, { name: 'lead@EXAMPLE.com', groups: ['agents'] })).toBe(true);
  });

  it('still refuses the requester, also under another spelling of their name', () => {
    expect(authorizeDecision(request, { name: 'alice@example.com', groups: ['dba'] }, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'self-approval' });
    expect(mayDecide(request, { name: 'alice@example.com', groups: [] })).toBe(false);
  });

  it('refuses everyone else, naming the groups and the members', () => {
    expect(authorizeDecision(request, { name: 'eve@example.com', groups: ['agents'] }, { kind: 'approve' })).toEqual({
      ok: false,
      refusal: 'not-a-reviewer',
      message: 'eve@example.com is not in a reviewer group nor one of its reviewers of apr_abcdefghij (dba, lead@example.com, alice@example.com)',
    });
  });
});
