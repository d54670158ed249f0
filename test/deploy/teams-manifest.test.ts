import { describe, expect, it } from 'vitest';
import { readRepoFile, repoRoot } from './repo-files.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The manifest and its icons are what an operator zips and sideloads; Teams rejects the package
// if a field is out of its limits or an icon has the wrong size.

const manifest = JSON.parse(readRepoFile('manifests/teams/manifest.json')) as {
  manifestVersion: string;
  id: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: { botId: string; scopes: string[]; isNotificationOnly: boolean }[];
};

/** Width, height and whether the PNG has an alpha channel (IHDR colour type 4 or 6). */
function png(file: string): { width: number; height: number; alpha: boolean } {
  const bytes = readFileSync(join(repoRoot, 'manifests/teams', file));
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), alpha: bytes[25] === 4 || bytes[25] === 6 };
}

describe('the Teams app manifest', () => {
  it('names one bot, the app itself, that can be added to teams (channel cards) and takes card actions', () => {
    expect(manifest.manifestVersion).toBe('1.19');
    expect(manifest.id).toBe('${{TEAMS_APP_ID}}');
    expect(manifest.bots).toEqual([expect.objectContaining({ botId: manifest.id, isNotificationOnly: false })]);
    expect(manifest.bots[0]!.scopes).toContain('team');
  });

  it('keeps names and descriptions within the lengths Teams accepts', () => {
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.accentColor).toMatch(/^#[0-9A-F]{6}$/i);
  });

  it('ships a 192×192 colour icon and a 32×32 transparent outline icon', () => {
    expect(png(manifest.icons.color)).toMatchObject({ width: 192, height: 192 });
    expect(png(manifest.icons.outline)).toEqual({ width: 32, height: 32, alpha: true });
  });
});
