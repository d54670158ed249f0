import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { CONFIG_OPTS as opts, configErrors } from './config-errors.js';

const parse = (teams: string) => parseConfig(`channels:\n  teams: ${teams}\n`, opts);

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
    expect(configErrors(`channels:\n  teams: { appId: app, approvals: "#db-approvals", audit: "19:x@thread.tacv2", oncall: { id: u, name: n, type: group }, authority: "http://login.example" }\n`)).toEqual([
      'channels.teams.appPassword: missing (expected a string)',
      'channels.teams.tenantId: missing (expected a string)',
      'channels.teams.approvals: expected a Teams conversation id such as 19:abc…@thread.tacv2',
      'channels.teams.oncall.type: expected one of person, tag, got "group"',
      'channels.teams.authority: expected a https://… URL',
    ]);
  });
});
