import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { startTestGateway, type TestGateway } from './harness.js';

let gw: TestGateway;
beforeAll(async () => {
  // Nothing listens on the audit port, and the spool's parent is a regular file: nowhere to record.
  const blocker = join(mkdtempSync(join(tmpdir(), 'airlock-blocked-')), 'not-a-dir');
  writeFileSync(blocker, '');
  gw = await startTestGateway({
    audit: { database: `postgres://postgres@127.0.0.1:${await freePort()}/audit`, spool: join(blocker, 'spool') },
    setupSql: 'CREATE TABLE t (id int); GRANT ALL ON t TO PUBLIC;',
  });
});
afterAll(() => gw?.close());

describe('when the audit trail cannot record anything', () => {
  it('refuses statements rather than run them unaudited', async () => {
    const c = await gw.client().catch((err: Error) => err);
    if (c instanceof Error) {
      // The session start could not be recorded either: the connection itself is refused.
      expect(c.message).toMatch(/audit trail is unavailable/);
    } else {
      await expect(c.query("INSERT INTO t VALUES (1)")).rejects.toThrow(/audit trail is unavailable/);
      await c.end();
    }
    expect(await gw.upstream('SELECT * FROM t')).toEqual([]);
  });

  it('reports not ready on /readyz', async () => {
    const res = await fetch(`http://127.0.0.1:${gw.httpPort}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/audit/);
  });
});
