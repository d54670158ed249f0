import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/load.js';

const opts = { baseDir: '/etc/airlock', env: {} };
const parse = (teams: string) => parseConfig(`channels:\n  teams: ${teams}\n`, opts);

function errorsOf(teams: string): string[] {
  try {
    parse(teams);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).errors];
  }
  throw new Error('expected a ConfigError');
}

describe('channels.teams', () => {
  it('takes the app registration and conversation ids, defaulting the public Bot Connector and Entra', () => {
    const config = parse('{ appId: app, appPassword: pw, tenantId: t, approvals: "19:abc@thread.tacv2", oncall: { id: "u-1", name: "On call" } }');
    expect(config.channels.teams).toEqual({
      appId: 'app',
      appPassword: 'pw',
      tenantId: 't',
      approvals: '19:abc@thread.tacv2',
      oncall: { id: 'u-1', name: 'On call', type: 'person' },
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
      authority: 'https://login.microsoftonline.com',
    });
  });

  it('names each missing or malformed field', () => {
    expect(errorsOf('{ appId: app, approvals: "#db-approvals", audit: "19:x@thread.tacv2", oncall: { id: u, name: n, type: group }, authority: "http://login.example" }')).toEqual([
      'channels.teams.appPassword: missing (expected a string)',
      'channels.teams.tenantId: missing (expected a string)',
      'channels.teams.approvals: expected a Teams conversation id such as 19:abc…@thread.tacv2',
      'channels.teams.oncall.type: expected one of person, tag, got "group"',
      'channels.teams.authority: expected a https://… URL',
    ]);
  });
});
