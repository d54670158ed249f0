import { ALL_DETECTORS } from './src/masking/detectors/index.js';
import { findAll } from './src/masking/find-all.js';
const show = (t: string) => console.log(JSON.stringify(t), '=>', findAll(t, ALL_DETECTORS).map((f) => `${f.label}:${t.slice(f.start, f.end)}`).join(' | '));
for (const t of process.argv.slice(2)) show(t);
