import { describe, expect, it } from 'vitest';
import { ALL_DETECTORS } from '../../src/masking/detectors/index.js';
import { findAll } from '../../src/masking/find-all.js';
import { maskFinding, maskText, maskWhole } from '../../src/masking/styles.js';

const KEY = Buffer.from('test-key-1');
const OTHER_KEY = Buffer.from('test-key-2');

const redact = (value: string, label: string): string => maskFinding(value, { label }, 'redact', KEY);
const partial = (value: string, label: string): string => maskFinding(value, { label }, 'partial', KEY);
const pseudonym = (value: string, label: string, key = KEY): string => maskFinding(value, { label }, 'pseudonym', key);

describe('maskFinding', () => {
  it.each(['EMAIL', 'CREDIT_CARD', 'US_SSN', 'IBAN', 'PHONE', 'IP_ADDRESS', 'AWS_ACCESS_KEY', 'PASSWORD'])('redacts a %s to its label', (label) => {
    expect(redact('anything', label)).toBe(`[${label}]`);
  });

  it.each([
    ['EMAIL', 'jane.doe@example.com', '***@example.com'],
    ['CREDIT_CARD', '4111111111111234', '**** **** **** 1234'],
    ['CREDIT_CARD', '4111 1111 1111 1234', '**** **** **** 1234'],
    ['CREDIT_CARD', '4111-1111-1111-1234', '****-****-****-1234'],
    ['CREDIT_CARD', '3782 822463 10005', '**** ****** *0005'],
    ['US_SSN', '536-32-6789', '***-**-6789'],
    ['US_SSN', '536326789', '***-**-6789'],
    ['PHONE', '(212) 555-0143', '(***) ***-**43'],
    ['PHONE', '+44 20 7946 0958', '+** ** **** **58'],
    ['IBAN', 'GB82WEST12345698765432', 'GB****************5432'],
    ['IBAN', 'GB82 WEST 1234 5698 7654 32', 'GB** **** **** **** **54 32'],
    ['IP_ADDRESS', '192.168.1.20', '192.*.*.*'],
    ['IP_ADDRESS', '2001:db8::8a2e:370:7334', '2001:*:*:*:*:*:*:*'],
    ['IP_ADDRESS', '::ffff:192.0.2.128', '0:*:*:*:*:*:*:*'],
  ])('partially masks a %s: %s', (label, value, masked) => {
    expect(partial(value, label)).toBe(masked);
  });

  it.each(['AWS_ACCESS_KEY', 'AWS_SECRET_KEY', 'GOOGLE_API_KEY', 'GITHUB_TOKEN', 'GITLAB_TOKEN', 'SLACK_TOKEN', 'STRIPE_KEY', 'JWT', 'PRIVATE_KEY', 'PASSWORD', 'SECRET'])(
    'redacts a %s fully even in partial style',
    (label) => {
      expect(partial('s3cr3t-value-1234', label)).toBe(`[${label}]`);
    },
  );

  it('gives email pseudonyms the email_<6 hex>@masked form and others <label>_<8 hex>', () => {
    expect(pseudonym('jane@example.com', 'EMAIL')).toMatch(/^email_[0-9a-f]{6}@masked$/);
    expect(pseudonym('4111111111111111', 'CREDIT_CARD')).toMatch(/^credit_card_[0-9a-f]{8}$/);
    expect(pseudonym('10.0.0.1', 'IP_ADDRESS')).toMatch(/^ip_address_[0-9a-f]{8}$/);
    expect(pseudonym('hunter2', 'PASSWORD')).toMatch(/^password_[0-9a-f]{8}$/);
  });

  it('makes pseudonyms deterministic per key and different across keys and values', () => {
    expect(pseudonym('jane@example.com', 'EMAIL')).toBe(pseudonym('jane@example.com', 'EMAIL'));
    expect(pseudonym('jane@example.com', 'EMAIL')).not.toBe(pseudonym('jane@example.com', 'EMAIL', OTHER_KEY));
    expect(pseudonym('jane@example.com', 'EMAIL')).not.toBe(pseudonym('john@example.com', 'EMAIL'));
    expect(pseudonym('536-32-3065', 'US_SSN')).not.toBe(pseudonym('536-32-3065', 'US_SSN', OTHER_KEY));
  });

  it('gives differently written forms of one value the same pseudonym', () => {
    expect(pseudonym('Jane@Example.COM', 'EMAIL')).toBe(pseudonym('jane@example.com', 'EMAIL'));
    const card = pseudonym('4111111111111111', 'CREDIT_CARD');
    expect(pseudonym('4111 1111 1111 1111', 'CREDIT_CARD')).toBe(card);
    expect(pseudonym('4111-1111-1111-1111', 'CREDIT_CARD')).toBe(card);
    const phone = pseudonym('(212) 555-0143', 'PHONE');
    expect(pseudonym('212.555.0143', 'PHONE')).toBe(phone);
    expect(pseudonym('+1 212-555-0143', 'PHONE')).toBe(phone);
    expect(pseudonym('536 32 3065', 'US_SSN')).toBe(pseudonym('536-32-3065', 'US_SSN'));
    expect(pseudonym('gb82 west 1234 5698 7654 32', 'IBAN')).toBe(pseudonym('GB82WEST12345698765432', 'IBAN'));
  });
});

describe('maskWhole', () => {
  it('redacts to [MASKED] or the given label', () => {
    expect(maskWhole('Jane Doe', 'redact', KEY)).toBe('[MASKED]');
    expect(maskWhole('Jane Doe', 'redact', KEY, 'NAME')).toBe('[NAME]');
  });

  it('keeps the last four characters in partial style', () => {
    expect(maskWhole('4111111111111234', 'partial', KEY)).toBe('****1234');
    expect(maskWhole('abcde', 'partial', KEY)).toBe('****bcde');
    expect(maskWhole('abcd', 'partial', KEY)).toBe('****');
    expect(maskWhole('ab', 'partial', KEY)).toBe('****');
    expect(maskWhole('', 'partial', KEY)).toBe('****');
    expect(maskWhole('name 😀😀', 'partial', KEY)).toBe('****e 😀😀');
  });

  it('gives a keyed <label>_<8 hex> pseudonym', () => {
    const token = maskWhole('Jane Doe', 'pseudonym', KEY);
    expect(token).toMatch(/^masked_[0-9a-f]{8}$/);
    expect(maskWhole('Jane Doe', 'pseudonym', KEY)).toBe(token);
    expect(maskWhole('Jane Doe', 'pseudonym', OTHER_KEY)).not.toBe(token);
    expect(maskWhole('John Doe', 'pseudonym', KEY)).not.toBe(token);
    expect(maskWhole('Jane Doe', 'pseudonym', KEY, 'CUSTOMER_NAME')).toMatch(/^customer_name_[0-9a-f]{8}$/);
  });

  it('joins with content pseudonyms of the same label', () => {
    expect(maskWhole('4111 1111 1111 1111', 'pseudonym', KEY, 'CREDIT_CARD')).toBe(pseudonym('4111111111111111', 'CREDIT_CARD'));
  });
});

describe('maskText', () => {
  const text = 'Mail jane@example.com or call (212) 555-0143, card 4111 1111 1111 1111.';
  const findings = findAll(text, ALL_DETECTORS);

  it('replaces each finding in redact style', () => {
    expect(maskText(text, findings, 'redact', KEY)).toBe('Mail [EMAIL] or call [PHONE], card [CREDIT_CARD].');
  });

  it('replaces each finding in partial style', () => {
    expect(maskText(text, findings, 'partial', KEY)).toBe('Mail ***@example.com or call (***) ***-**43, card **** **** **** 1111.');
  });

  it('replaces each finding in pseudonym style', () => {
    expect(maskText(text, findings, 'pseudonym', KEY)).toMatch(/^Mail email_[0-9a-f]{6}@masked or call phone_[0-9a-f]{8}, card credit_card_[0-9a-f]{8}\.$/);
  });

  it('leaves a text without findings as it is', () => {
    expect(maskText('nothing here', [], 'redact', KEY)).toBe('nothing here');
  });
});
