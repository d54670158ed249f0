import { describe, expect, it } from 'vitest';
import { authorizeDecision, mayDecide } from '../../src/queue/authorize-decision.js';
import { newRequestId, REQUEST_ID } from '../../src/queue/request-id.js';

const request = { id: 'apr_abcdefghij', identity: { name: 'devin', groups: ['agents', 'dba'] }, reviewers: ['dba', 'sre'] };

describe('authorizeDecision', () => {
  it('lets a member of a reviewer group decide', () => {
    expect(authorizeDecision(request, { name: 'alice', groups: ['sre'] }, { kind: 'approve' })).toEqual({ ok: true });
    expect(mayDecide(request, { name: 'alice', groups: ['x', 'dba'] })).toBe(true);
  });

  it('refuses the requester even when in a reviewer group', () => {
    expect(authorizeDecision(request, { name: 'devin', groups: ['dba'] }, { kind: 'approve' })).toMatchObject({ ok: false, refusal: 'self-approval' });
    expect(mayDecide(request, { name: 'devin', groups: ['dba'] })).toBe(false);
  });

  it('refuses outsiders, naming the groups that may decide', () => {
    expect(authorizeDecision(request, { name: 'eve', groups: ['agents'] }, { kind: 'deny', reason: 'x' })).toEqual({
      ok: false,
      refusal: 'not-a-reviewer',
      message: 'eve is not in a reviewer group of apr_abcdefghij (dba, sre)',
    });
  });

  it('needs a reason to deny and a command to modify', () => {
    const alice = { name: 'alice', groups: ['dba'] };
    expect(authorizeDecision(request, alice, { kind: 'deny', reason: ' ' })).toMatchObject({ refusal: 'reason-required' });
    expect(authorizeDecision(request, alice, { kind: 'modify', command: '' })).toMatchObject({ refusal: 'command-required' });
    expect(authorizeDecision(request, alice, { kind: 'modify', command: 'SELECT 1' })).toEqual({ ok: true });
  });
});

describe('newRequestId', () => {
  it('is apr_ and 10 base32 characters, and random', () => {
    const ids = new Set(Array.from({ length: 1000 }, newRequestId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
  });
});
