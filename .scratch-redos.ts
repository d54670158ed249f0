import { checkSync } from 'recheck';
import { DETECTOR_PATTERNS } from './src/masking/detectors/index.js';
import * as findAll from './src/masking/find-all.js';
import * as styles from './src/masking/styles.js';
const all = [...DETECTOR_PATTERNS, ...findAll.patterns, ...styles.patterns];
for (const p of all) {
  const t = performance.now();
  const r = checkSync(p.source, p.flags.replace(/[gyd]/g, ''), {});
  console.log(r.status, r.status === 'safe' ? r.checker + ' ' + r.complexity.summary : r.status === 'vulnerable' ? r.complexity.summary : JSON.stringify(r.error), (performance.now() - t).toFixed(0) + 'ms', p.source.slice(0, 90));
}
