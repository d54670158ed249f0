import { readFileSync } from 'node:fs';
import { ALL_DETECTORS } from './src/masking/detectors/index.js';
import { findAll } from './src/masking/find-all.js';
const d = JSON.parse(readFileSync('/work/shared/data/pii/presidio-generated-large.json', 'utf8')) as { full_text: string }[];
const texts = d.map((x) => x.full_text);
for (let round = 0; round < 2; round++) {
  for (const det of ALL_DETECTORS) {
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) for (const t of texts) det.find(t);
    console.log(round, det.name, ((performance.now() - t0) / 3).toFixed(1), 'ms');
  }
}
const values = ['42', '2024-05-01 12:30:45+00', '123e4567-e89b-12d3-a456-426614174000', 'Jane Doe', 'jane@example.com', '1234567', 'ORD-2024-000123', '19.99', 'The quick brown fox jumps over the lazy dog'];
const t0 = performance.now(); let n = 0;
for (let i = 0; i < 20000; i++) for (const v of values) { findAll(v, ALL_DETECTORS); n++; }
console.log('typical values:', ((performance.now() - t0) * 1000 / n).toFixed(2), 'µs/value');
for (const v of values) { const t = performance.now(); for (let i = 0; i < 20000; i++) findAll(v, ALL_DETECTORS); console.log(JSON.stringify(v), ((performance.now() - t) * 1000 / 20000).toFixed(2), 'µs'); }
