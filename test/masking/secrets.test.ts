import { describe, expect, it } from 'vitest';
import { secrets } from '../../src/masking/detectors/secrets.js';
import { shannonEntropy } from '../../src/masking/detectors/secrets/high-entropy.js';

/** Test credentials are assembled at run time so no scanner mistakes this file for a leak. */
const join = (...parts: string[]): string => parts.join('');
const b64url = (value: string): string => Buffer.from(value).toString('base64url');
const JWT = [b64url('{"alg":"HS256","typ":"JWT"}'), b64url('{"sub":"1234567890","name":"Jane"}'), 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'].join('.');
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nVJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\n';
const PEM = join('-----BEGIN ', 'PRIVATE KEY-----\n', PEM_BODY, '-----END ', 'PRIVATE KEY-----');

/** Each finding as `LABEL:value`. */
function found(text: string): string[] {
  return secrets.find(text).map((f) => `${f.label}:${text.slice(f.start, f.end)}`);
}

describe('secrets detector', () => {
  it.each([
    ['AWS_ACCESS_KEY', join('AKIA', 'IOSFODNN7EXAMPLE')],
    ['AWS_ACCESS_KEY', join('ASIA', 'Y34FZKBOKMUTVV7A')],
    ['GOOGLE_API_KEY', join('AIza', 'SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe')],
    ['GITHUB_TOKEN', join('ghp_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5')],
    ['GITHUB_TOKEN', join('github_pat_', '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz')],
    ['GITLAB_TOKEN', join('glpat-', 'xYz12AbC34dEf56GhI78')],
    ['SLACK_TOKEN', join('xoxb-', '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx')],
    ['SLACK_TOKEN', join('xapp-', '1-A0123456789-1234567890123-abcdef0123456789')],
    ['STRIPE_KEY', join('sk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc')],
    ['STRIPE_KEY', join('rk_', 'live_', '4eC39HqLyjWDarjtT1zdp7dc')],
    ['JWT', JWT],
    ['PRIVATE_KEY', PEM],
  ])('finds a %s', (label, value) => {
    expect(found(`value: ${value}\n`)).toEqual([`${label}:${value}`]);
  });

  it('finds an EC private key block whole, and one whose END line is missing up to the end of its body', () => {
    const ec = join('-----BEGIN EC ', 'PRIVATE KEY-----\n', PEM_BODY, '-----END EC ', 'PRIVATE KEY-----');
    expect(found(`key=${ec} rest`)).toEqual([`PRIVATE_KEY:${ec}`]);
    const truncated = join('-----BEGIN RSA ', 'PRIVATE KEY-----\n', PEM_BODY);
    expect(found(`${truncated}\n`)).toEqual([`PRIVATE_KEY:${truncated.trimEnd()}`]);
  });

  it('finds the AWS secret access key next to its keyword', () => {
    const key = join('wJalrXUtnFEMI/K7MDENG/', 'bPxRfiCYEXAMPLEKEY');
    expect(found(`aws_secret_access_key = ${key}`)).toEqual([`AWS_SECRET_KEY:${key}`]);
  });

  it.each([
    ['postgres://app:s3cr3t@db.internal:5432/app', 's3cr3t'],
    ['postgresql://app:s3cr3t@db.internal/app', 's3cr3t'],
    ['mysql://root:toor@127.0.0.1:3306/shop', 'toor'],
    ['redis://:hunter2@cache:6379/0', 'hunter2'],
    ['amqp://guest:gu3st@rabbit:5672/', 'gu3st'],
    ['mongodb+srv://u:p@ss:w0rd@cluster0.example.net/db', 'p@ss:w0rd'],
  ])('masks only the password of %s', (url, password) => {
    expect(found(`DATABASE_URL=${url}`)).toEqual([`PASSWORD:${password}`]);
  });

  it.each([
    ['password=hunter2', 'PASSWORD:hunter2'],
    ['pwd: hunter2', 'PASSWORD:hunter2'],
    ['DB_PASSWORD=correct-horse', 'PASSWORD:correct-horse'],
    ['{"password": "p@ss word"}', 'PASSWORD:p@ss word'],
    ['secret: abc123', 'SECRET:abc123'],
    ['api_key=ab12cd34', 'SECRET:ab12cd34'],
    ["token = 'tok-123'", 'SECRET:tok-123'],
    ['https://api.example.com/v1?access_token=abc123&page=2', 'SECRET:abc123'],
  ])('masks only the value of %j', (text, expected) => {
    expect(found(text)).toEqual([expected]);
  });

  it('finds a high-entropy string after a secret-like word', () => {
    expect(found('Authorization: Bearer 9f8A7b6C5d4E3f2G1h0IjKlMn')).toEqual(['SECRET:9f8A7b6C5d4E3f2G1h0IjKlMn']);
    expect(found('client credential 0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f')).toEqual(['SECRET:0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f']);
  });

  it.each([
    ['an md5 digest', 'md5 9e107d9d372bb6826bd81d3542a419d6'],
    ['a sha1 digest', 'commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12'],
    ['a sha256 digest', 'sha256:d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592'],
    ['a UUID, even after "token"', 'session token 123e4567-e89b-12d3-a456-426614174000'],
    ['random text without a keyword', 'id 9f8A7b6C5d4E3f2G1h0IjKlMn'],
    ['a long identifier after a keyword', 'token_refresh_interval_seconds_default'],
    ['a masked value', 'password=********'],
    ['an empty value', 'password: null'],
    ['a key that only starts like one', 'password_hint=blue'],
    ['a URL without a password', 'https://user@example.com/path'],
    ['a publishable test key', join('pk_', 'test_', '4eC39HqLyjWDarjtT1zdp7dc')],
    ['a dotted id that is not a JWT', 'eyJub3QiOiJqd3QifQ.eyJhIjoxfQ.abc'],
    ['prose about passwords', 'Reset your password via the link we sent.'],
  ])('does not flag %s', (_why, text) => {
    expect(found(text)).toEqual([]);
  });

  it('measures Shannon entropy in bits per character', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });
});
