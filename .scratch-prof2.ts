import { ALL_DETECTORS } from './src/masking/detectors/index.js';
for (const v of ['Jane Doe', 'The quick brown fox jumps over the lazy dog', '123e4567-e89b-12d3-a456-426614174000']) {
  for (const det of ALL_DETECTORS) { const t = performance.now(); for (let i = 0; i < 50000; i++) det.find(v); console.log(JSON.stringify(v).slice(0,12), det.name, ((performance.now() - t) * 1000 / 50000).toFixed(2), 'µs'); }
}
