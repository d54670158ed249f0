import { describe, expect, it } from 'vitest';
import { CatalogCache } from '../../src/gateway/postgres/masking/catalog-cache.js';
import { Masker } from '../../src/masking/masker.js';

const masker = new Masker({ columns: [{ pattern: '*.ssn', style: 'redact' }], detectors: [] });
const nowhere = { host: '127.0.0.1', port: 1, database: 'x', user: 'x', sslmode: 'disable' as const };

describe('CatalogCache', () => {
  it('rejects when the catalog cannot be read, so the session asking for it is refused', async () => {
    await expect(new CatalogCache(nowhere, masker).get()).rejects.toThrow(/ECONNREFUSED|connect/);
  });

  it('needs no database when the set has no column rules', async () => {
    const catalog = await new CatalogCache(nowhere, new Masker({ columns: [], detectors: [] })).get();
    expect(catalog.maskFor(16400, 1)).toBeUndefined();
  });
});
