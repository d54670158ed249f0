import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../src/bot/slack/ids.js';
import { SLACK_EVENTS_PATH } from '../../src/bot/slack/slack-bot.js';
import { readRepoFile, readYaml, repoRoot } from './repo-files.js';

// The manifest is what an operator pastes into Slack; if it drifts from the bot, clicks go nowhere.

const manifest = readYaml('manifests/slack/manifest.yaml');
const scopes: string[] = manifest.oauth_config.scopes.bot;

/** The OAuth scope each Web API method the bot calls needs (views.* need none). */
const METHOD_SCOPES: Record<string, readonly string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'users.info': ['users:read', 'users:read.email'],
  'views.open': [],
  'views.publish': [],
};

/** Every `client.<family>.<method>(` the Slack bot's source calls. */
function methodsCalled(): string[] {
  const dir = join(repoRoot, 'src/bot/slack');
  const source = readdirSync(dir).map((f) => readRepoFile(join('src/bot/slack', f))).join('\n');
  return [...new Set([...source.matchAll(/client\.(chat|users|views|conversations)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`))].sort();
}

describe('the Slack app manifest', () => {
  it('sends events, clicks and the slash command to the gateway route the bot serves', () => {
    const urls = [manifest.settings.event_subscriptions.request_url, manifest.settings.interactivity.request_url, manifest.features.slash_commands[0].url];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('subscribes to the Home tab event and enables the tab the inbox is published on', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('grants a scope for every Web API method the bot calls, and the slash command', () => {
    const called = methodsCalled();
    expect(called).toEqual(['chat.postEphemeral', 'chat.postMessage', 'chat.update', 'users.info', 'views.open', 'views.publish']);
    for (const method of called) expect(scopes).toEqual(expect.arrayContaining([...(METHOD_SCOPES[method] ?? [`unknown scope for ${method}`])]));
    expect(scopes).toContain('commands');
  });
});
