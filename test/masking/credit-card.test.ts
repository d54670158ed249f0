import { describe, expect, it } from 'vitest';
import { luhnValid } from '../../src/masking/detectors/checksums.js';
import { creditCard } from '../../src/masking/detectors/credit-card.js';
import { hits } from './helpers.js';

describe('credit card detector', () => {
  it.each([
    ['Visa', '4111111111111111'],
    ['Visa, spaced', '4111 1111 1111 1111'],
    ['Visa, dashed', '4111-1111-1111-1111'],
    ['Visa 13', '4222222222222'],
    ['Mastercard', '5555555555554444'],
    ['Mastercard 2-series', '2223003122003222'],
    ['Amex', '378282246310005'],
    ['Amex, grouped 4-6-5', '3782 822463 10005'],
    ['Discover', '6011111111111117'],
    ['JCB', '3530111333300000'],
    ['Diners', '30569309025904'],
    ['UnionPay', '6200000000000005'],
    ['Maestro', '6759649826438453'],
  ])('finds a %s number', (_network, number) => {
    expect(hits(creditCard, `card: ${number}, exp 12/29`)).toEqual([number]);
  });

  it('labels findings CREDIT_CARD', () => {
    expect(creditCard.find('4111111111111111')).toEqual([{ detector: 'credit_card', label: 'CREDIT_CARD', start: 0, end: 16 }]);
  });

  it('finds the card inside a run of digit groups that is not one as a whole', () => {
    expect(hits(creditCard, 'ref 1234 4111 1111 1111 1111')).toEqual(['4111 1111 1111 1111']);
  });

  it.each([
    ['a Luhn failure', '4111111111111112'],
    ['a Luhn failure, spaced', '5555 5555 5555 4445'],
    ['an unknown issuer with a valid Luhn digit', '1234567812345670'],
    ['a length the network does not issue', '411111111111111111'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['uneven groups', '41 11111111 111111'],
    ['a number inside a longer token', 'ORD-4111111111111111'],
    ['a longer digit run', '94111111111111111111'],
  ])('does not flag %s', (_why, text) => {
    expect(hits(creditCard, text)).toEqual([]);
  });

  it('checks Luhn digits', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('1234567812345670')).toBe(true);
  });
});
