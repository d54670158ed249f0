import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { CONFIG_OPTS as opts, configErrors } from './config-errors.js';

const withReviewers = (reviewers: string) =>
  `policies: { sql: {} }\nconnections:\n  - { name: prod, type: postgres, policy: sql, upstream: { host: db, database: app, user: app }, reviewers: ${reviewers} }\n`;

describe('connections[].reviewers', () => {
  it('reads plain names as groups, and { member: NAME } as one identity', () => {
    const [c] = parseConfig(withReviewers('[dba, { member: alice@example.com }, { group: sre }]'), opts).connections;
    expect(c?.reviewers).toEqual(['dba', 'sre']);
    expect(c?.reviewerMembers).toEqual(['alice@example.com']);
  });

  it('leaves reviewerMembers out when only groups are named', () => {
    const [c] = parseConfig(withReviewers('[dba]'), opts).connections;
    expect(c).not.toHaveProperty('reviewerMembers');
    expect(c?.reviewers).toEqual(['dba']);
  });

  it('accepts members alone', () => {
    const [c] = parseConfig(withReviewers('[{ member: alice@example.com }]'), opts).connections;
    expect(c?.reviewers).toEqual([]);
    expect(c?.reviewerMembers).toEqual(['alice@example.com']);
  });

  it('names the entry and what is wrong with it', () => {
    expect(configErrors(withReviewers('[dba, { memebr: alice@example.com }]'))).toEqual([
      'connections[0].reviewers[1].memebr: unknown key (expected one of group, member; did you mean "member"?)',
    ]);
    expect(configErrors(withReviewers('[dba, { member: "" }]'))).toEqual(['connections[0].reviewers[1].member: must not be empty (expected a non-empty string)']);
    expect(configErrors(withReviewers('[{ member: a@b.c, group: dba }]'))).toEqual(['connections[0].reviewers[0]: expected a group name or { member: NAME }']);
    expect(configErrors(withReviewers('[{}]'))).toEqual(['connections[0].reviewers[0]: expected a group name or { member: NAME }']);
    expect(configErrors(withReviewers('[]'))).toEqual(['connections[0].reviewers: must not be empty (expected at least one reviewer group or { member: NAME })']);
    expect(configErrors(withReviewers('dba'))).toEqual(['connections[0].reviewers: expected a list, got a string']);
  });
});
