import { describe, expect, it } from 'vitest';
import { email } from '../../src/masking/detectors/email.js';
import { hits } from './helpers.js';

describe('email detector', () => {
  it.each([
    ['contact jane.doe+tag@example.co.uk today', 'jane.doe+tag@example.co.uk'],
    ['mailto:Jane_Doe@Sub.Example.ORG.', 'Jane_Doe@Sub.Example.ORG'],
    ['<a@b.io>', 'a@b.io'],
    ['see https://x.com/c?email=jane@example.com', 'jane@example.com'],
  ])('finds the address in %j', (text, address) => {
    expect(hits(email, text)).toEqual([address]);
  });

  it('finds every address in a list, labelled EMAIL', () => {
    const text = 'to: a@example.com, b@example.org; cc c.d@example.net';
    expect(hits(email, text)).toEqual(['a@example.com', 'b@example.org', 'c.d@example.net']);
    expect(email.find(text).every((f) => f.label === 'EMAIL' && f.detector === 'email')).toBe(true);
  });

  it.each([
    'user@localhost',
    'name@domain.c',
    '@example.com',
    'john..doe@example.com',
    '.john@example.com',
    'x@example.com1',
    'price 2@3.45',
    'postgres://app:pa@ss@db.example.com/app',
    'ftp://anonymous@ftp.example.com/pub',
  ])('leaves %j alone', (text) => {
    expect(hits(email, text)).toEqual([]);
  });
});
