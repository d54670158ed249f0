/**
 * Masking quality against the presidio-research generated PII sets: per entity type, how many
 * labelled values the content detectors find (recall) and how many findings are real (precision),
 * plus how many texts without any structured value come back changed anyway.
 *
 *   node --import tsx bench/masking-quality.ts [--show]
 *
 * Reads presidio-generated-{large,small}.json from ../shared/data/pii beside the repository and
 * skips when that folder is absent. --show lists every miss and false positive, for tuning.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_DETECTORS } from '../src/masking/detectors/index.js';
import { loadSamples } from './masking-quality/dataset.js';
import { formatQualityReport } from './masking-quality/report.js';
import { scoreSamples } from './masking-quality/score.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '../shared/data/pii');
const FILES = ['presidio-generated-large.json', 'presidio-generated-small.json'];

async function main(show: boolean): Promise<void> {
  if (!existsSync(dataDir)) {
    console.log(`masking-quality: ${dataDir} not found, skipping`);
    return;
  }
  for (const file of FILES) {
    const full = path.join(dataDir, file);
    if (!existsSync(full)) {
      console.log(`masking-quality: ${full} not found, skipping it`);
      continue;
    }
    const score = scoreSamples(await loadSamples(full), ALL_DETECTORS);
    console.log(`${formatQualityReport(file, score)}\n`);
    if (show) for (const m of score.misses) console.log(`${m.kind} ${m.label}: ${m.context}`);
  }
}

await main(process.argv.includes('--show'));
