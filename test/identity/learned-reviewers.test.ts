import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { LearnedReviewers } from '../../src/identity/learned-reviewers.js';
import { reviewerDirectory } from '../../src/identity/reviewer-directory.js';

// Real Redis: two stores stand for two gateway instances (or one before and after a restart).
const prefix = `test-learned-${randomBytes(4).toString('hex')}`;
const TTL = 60_000;
let now = Date.now(); // Redis expires the keys at real times, so the clock starts at one
const clock = () => now;
const open = () => new LearnedReviewers({ redisUrl: inject('redisUrl'), prefix, ttlMs: TTL, now: clock });
const a = open();
const b = open();
afterAll(() => {
  a.close();
  b.close();
});

describe('learned reviewers', () => {
  it('are shared by every instance, found under any case of the email', async () => {
    await a.remember({ name: 'dave@idp.test', groups: ['dba'] });
    expect(await b.byName('Dave@IDP.test')).toEqual({ name: 'dave@idp.test', groups: ['dba'], seenAt: now, until: now + TTL });
  });

  it('take the groups of the latest sign-in, so a group removed at the IdP goes with it', async () => {
    await a.remember({ name: 'frank@idp.test', groups: ['dba', 'sre'] });
    await b.remember({ name: 'frank@idp.test', groups: ['sre'] });
    expect((await a.byName('frank@idp.test'))?.groups).toEqual(['sre']);
  });

  it('age out after the TTL', async () => {
    await a.remember({ name: 'gina@idp.test', groups: ['dba'] });
    now += TTL;
    expect(await b.byName('gina@idp.test')).toBeUndefined();
  });

  it('come after configured identities in the directory, which win for the same email', async () => {
    await a.remember({ name: 'lead@example.com', groups: ['agents'] });
    await a.remember({ name: 'hank@idp.test', groups: ['dba'] });
    const directory = reviewerDirectory({ tokens: [], people: [{ name: 'lead@example.com', groups: ['dba'] }] }, a);
    expect(await directory.byEmail('LEAD@example.com')).toEqual({ name: 'lead@example.com', groups: ['dba'] });
    expect(await directory.byEmail('hank@idp.test')).toMatchObject({ name: 'hank@idp.test', groups: ['dba'] });
    expect(await directory.byEmail('nobody@idp.test')).toBeUndefined();
    expect(directory.unknownHint).toContain('run `airlock login`');
  });
});
