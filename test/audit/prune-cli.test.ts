import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditTrail, type AuditTrail } from '../../src/audit/open-audit.js';
import { runCli } from '../cli/run-cli.js';
import { AGENT, READER, startTestGateway, type TestGateway } from '../gateway-postgres/harness.js';
import { databaseUrl, tempDir } from './helpers.js';
import { daysAgo, recordHistory, storedSeqs, tamper } from './retention-fixture.js';

// A real gateway and the real CLI: `airlock audit prune` and then `airlock audit verify`, as an operator
// runs them. The history comes from another instance's chain (gw-old) in the same audit database.

let gw: TestGateway;
let old: AuditTrail;

beforeAll(async () => {
  gw = await startTestGateway();
  old = await openAuditTrail({ database: databaseUrl(gw.auditDatabase), spool: tempDir(), readers: [] }, { chain: 'gw-old' });
  await recordHistory(old);
});
afterAll(async () => {
  await old?.close();
  await gw?.close();
});

const cli = (args: string[], token = READER.token) => runCli(args, { env: { AIRLOCK_URL: `http://127.0.0.1:${gw.httpPort}`, AIRLOCK_TOKEN: token } });
const cutoff = daysAgo(90).toISOString();

describe('airlock audit prune', () => {
  it('needs --before when audit.retention is not set, refuses a cutoff in the future, and is for audit readers only', async () => {
    expect(await cli(['audit', 'prune'])).toMatchObject({ code: 2, stderr: expect.stringContaining('before is required: audit.retention is not configured') });
    expect(await cli(['audit', 'prune', '--before', '2999-01-01'])).toMatchObject({ code: 2, stderr: expect.stringContaining('before must not be in the future') });
    expect(await cli(['audit', 'prune', '--before', cutoff], AGENT.token)).toMatchObject({ code: 2, stderr: expect.stringContaining('devin must be in one of the groups: auditors (HTTP 403)') });
    expect(await storedSeqs(gw.auditDatabase, 'gw-old')).toHaveLength(10);
  });

  it('shows what a dry run would prune, then prunes it', async () => {
    expect(await cli(['audit', 'prune', '--before', cutoff, '--dry-run'])).toMatchObject({ code: 0, stdout: 'would prune 3 events of chain gw-old (through seq 3)\n' });
    expect(await storedSeqs(gw.auditDatabase, 'gw-old')).toHaveLength(10);
    expect(await cli(['audit', 'prune', '--before', cutoff])).toMatchObject({ code: 0, stdout: 'pruned 3 events of chain gw-old (through seq 3)\n' });
    expect(await storedSeqs(gw.auditDatabase, 'gw-old')).toEqual([4, 5, 6, 7, 8, 9, 10]);
  });

  it('then finds nothing left to prune, verify passes, and the run is recorded under the caller', async () => {
    expect(await cli(['audit', 'prune', '--before', cutoff])).toMatchObject({ code: 0, stdout: `nothing to prune before ${cutoff}\n` });
    expect(await cli(['audit', 'verify'])).toMatchObject({ code: 0, stdout: 'ok 8 events\n' });
    const [run] = await gw.auditEvents().then((events) => events.filter((e) => e.type === 'audit.pruned'));
    expect(run).toMatchObject({ identity: READER.name, data: { cutoff, checkpoints: [{ chain: 'gw-old', seq: 3, pruned: 3 }] } });
  });

  it('refuses to prune over an already broken event, exits 1 and prunes nothing', async () => {
    const other = await openAuditTrail({ database: databaseUrl(gw.auditDatabase), spool: tempDir(), readers: [] }, { chain: 'gw-other' });
    await recordHistory(other, 'other-');
    await other.close();
    await tamper(gw.auditDatabase, `UPDATE audit_events SET identity = 'mallory' WHERE chain = 'gw-other' AND seq = 2`);
    expect(await cli(['audit', 'prune', '--before', cutoff])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('refusing to prune: chain gw-other seq 2: hash mismatch: the event was altered after it was recorded; nothing was pruned'),
    });
    expect(await storedSeqs(gw.auditDatabase, 'gw-other')).toHaveLength(10);
    expect(await cli(['audit', 'verify'])).toMatchObject({ code: 1, stdout: 'broken at chain gw-other seq 2: hash mismatch: the event was altered after it was recorded\n' });
  });

  it('makes verify exit 1 naming the audit.pruned event once the checkpoint is deleted', async () => {
    await tamper(gw.auditDatabase, 'DELETE FROM audit_checkpoints');
    expect(await cli(['audit', 'verify'])).toMatchObject({
      code: 1,
      stdout: 'broken at chain airlock:retention seq 1: checkpoint missing: this audit.pruned event records chain gw-old pruned through seq 3, but audit_checkpoints has no such row\n',
    });
  });
});
