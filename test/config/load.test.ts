import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { useTempDir } from './temp-dir.js';

describe('loadConfig', () => {
  const tmp = useTempDir();

  it('resolves relative paths against the config file directory, not the working directory', async () => {
    tmp.write('conf/secrets/slack', 'xoxb-42\n');
    const file = tmp.write('conf/airlock.yaml', 'audit: { spool: spool, database: "embedded:db" }\nchannels: { slack: { botToken: "${file:secrets/slack}", signingSecret: s, approvals: C1 } }\n');
    const config = await loadConfig(file, {});
    expect(config.audit).toMatchObject({ spool: `${tmp.path()}/conf/spool`, database: `embedded:${tmp.path()}/conf/db` });
    expect(config.channels.slack?.botToken).toBe('xoxb-42');
  });

  it('names an unreadable config file', async () => {
    const missing = `${tmp.path()}/nope.yaml`;
    await expect(loadConfig(missing, {})).rejects.toThrow(new ConfigError([`${missing}: cannot read config file (ENOENT)`]));
  });

  it('rejects zero durations', async () => {
    const file = tmp.write('a.yaml', 'policies: { p: { approvals: { timeout: 0s } } }\n');
    await expect(loadConfig(file, {})).rejects.toThrow('policies.p.approvals.timeout: "0s" is not longer than zero (expected e.g. 90s, 5m, 2h)');
  });
});
