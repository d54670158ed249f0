import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

const opts = { baseDir: '/etc/airlock', env: { SECRET: 's3cret' } };
const withOidc = (extra: string) => `identity: { oidc: { issuer: "https://idp.test", audience: airlock${extra} } }\n`;

describe('identity.oidc config', () => {
  it('accepts a client for introspection', () => {
    const config = parseConfig(withOidc(', clientId: airlock-gw, clientSecret: "${SECRET}"'), opts);
    expect(config.identity.oidc).toEqual({ issuer: 'https://idp.test', audience: 'airlock', groupsClaim: 'groups', clientId: 'airlock-gw', clientSecret: 's3cret', recheckEvery: 60_000, reviewerTtl: 12 * 3600_000 });
  });

  it('takes how often running sessions are re-checked as a duration', () => {
    expect(parseConfig(withOidc(', recheckEvery: 5m'), opts).identity.oidc?.recheckEvery).toBe(300_000);
  });

  it('takes how long a reviewer sign-in counts for chat clicks as a duration', () => {
    expect(parseConfig(withOidc(', reviewerTtl: 8h'), opts).identity.oidc?.reviewerTtl).toBe(8 * 3600_000);
    expect(() => parseConfig(withOidc(', reviewerTtl: forever'), opts)).toThrow('identity.oidc.reviewerTtl: "forever" is not a duration (expected e.g. 90s, 5m, 2h)');
  });

  it('refuses a clientId without its clientSecret', () => {
    expect(() => parseConfig(withOidc(', clientId: airlock-gw'), opts)).toThrow(ConfigError);
    expect(() => parseConfig(withOidc(', clientId: airlock-gw'), opts)).toThrow(/clientId and clientSecret go together/);
  });
});
