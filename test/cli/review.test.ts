import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { newRequest } from '../queue/fixture.js';
import { startReviewGateway, type ReviewGateway } from '../http/review-gateway.js';
import { TOKENS } from '../http/stand-ins.js';
import { runCli } from './run-cli.js';

let gw: ReviewGateway;
beforeEach(async () => {
  gw = await startReviewGateway(inject('redisUrl'), 'review-cli');
});
afterEach(() => gw.close());

const as = (token: string) => ({ env: { AIRLOCK_URL: gw.url, AIRLOCK_TOKEN: token } });
const pending = (quorum = 1) => gw.approvals.request(newRequest(), { timeoutMs: 60_000, quorum });
const COMMAND = 'DELETE FROM orders WHERE created_at < now()';

describe('airlock review list', () => {
  it('prints a table of the requests the caller may decide', async () => {
    const r = await pending();
    const out = await runCli(['review', 'list'], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 0, stderr: '' });
    const [header, row, ...rest] = out.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID +CONNECTION +IDENTITY +COMMAND +AGE +EXPIRES IN$/);
    expect(row).toMatch(new RegExp(`^${r.id} +prod-db +devin +${COMMAND.replace(/[(<)]/g, '\\$&')} +\\d+s +(5\\ds|1m)$`));
    expect(rest).toEqual([]);
  });

  it('says so when nothing waits for the caller', async () => {
    await pending();
    expect(await runCli(['review', 'list'], as(TOKENS.auditor))).toMatchObject({ code: 0, stdout: 'no pending approval requests\n' });
  });

  it('prints one JSON array with --json', async () => {
    const r = await pending();
    const out = await runCli(['review', 'list', '--json'], as(TOKENS.alice));
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([
      expect.objectContaining({ id: r.id, connection: 'prod-db', identity: 'devin', command: COMMAND, expiresAt: r.expiresAt.toISOString() }),
    ]);
  });
});

describe('airlock review approve / deny / modify', () => {
  it('approves, printing the id and the command', async () => {
    const r = await pending();
    const out = await runCli(['review', 'approve', r.id, '--reason', 'looks fine'], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 0, stdout: `approved ${r.id} (${COMMAND})\n`, stderr: '' });
    expect((await gw.approvals.get(r.id))?.state).toBe('approved');
  });

  it('covers later statements of the same shape with --for-session where the policy allows it', async () => {
    const covered = await gw.approvals.request({ ...newRequest(), shape: 'DELETE FROM orders WHERE id = $1' }, { timeoutMs: 60_000, quorum: 1, fatigueWindowMs: 900_000 });
    const out = await runCli(['review', 'approve', covered.id, '--for-session', '10m'], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 0, stdout: `approved ${covered.id} (${COMMAND})\n` });
    expect(await gw.approvals.coverFor(covered.sessionId, 'DELETE FROM orders WHERE id = $1')).toMatchObject({ requestId: covered.id, by: 'alice@example.com' });
    const plain = await pending();
    const refused = await runCli(['review', 'approve', plain.id, '--for-session', '10m'], as(TOKENS.alice));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/does not allow session approvals/);
  });

  it('reports a partial approval under a quorum', async () => {
    const r = await pending(2);
    const out = await runCli(['review', 'approve', r.id], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 0, stdout: `approval recorded: 1 of 2 for ${r.id} (${COMMAND})\n` });
  });

  it('refuses a denial without --reason as a usage error, exit 2, before asking the gateway', async () => {
    const r = await pending();
    const out = await runCli(['review', 'deny', r.id], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 2, stdout: '', stderr: 'airlock: --reason is required (see: airlock review deny --help)\n' });
    expect((await gw.approvals.get(r.id))?.state).toBe('pending');
  });

  it('denies with a reason', async () => {
    const r = await pending();
    const out = await runCli(['review', 'deny', r.id, '--reason', 'use a batch job'], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 0, stdout: `denied ${r.id} (${COMMAND})\n` });
    expect((await gw.approvals.get(r.id))?.closed).toMatchObject({ as: 'denied', by: 'alice@example.com', reason: 'use a batch job' });
  });

  it('modifies, printing what runs instead', async () => {
    const r = await pending();
    const out = await runCli(['review', 'modify', r.id, '--command', 'DELETE FROM orders WHERE id = 7'], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 0, stdout: `modified ${r.id}: runs DELETE FROM orders WHERE id = 7 instead of ${COMMAND}\n` });
    expect((await gw.approvals.get(r.id))?.closed).toMatchObject({ as: 'modified', command: 'DELETE FROM orders WHERE id = 7' });
  });

  it('names who won, exit 1, when the request was already decided', async () => {
    const r = await pending();
    await gw.approvals.decide(r.id, { name: 'alice@example.com', groups: ['dba'] }, { kind: 'approve' });
    const out = await runCli(['review', 'deny', r.id, '--reason', 'too late'], as(TOKENS.bob));
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^airlock: already approved by alice@example\.com at \d{4}-\d\d-\d\dT[\d:.]+Z \(HTTP 409\)\n$/);
  });

  it("shows the gateway's refusal, exit 2, to someone who may not decide", async () => {
    const r = await pending();
    const out = await runCli(['review', 'approve', r.id], as(TOKENS.agent));
    expect(out).toMatchObject({ code: 2, stderr: `airlock: devin cannot decide their own request ${r.id} (HTTP 403)\n` });
  });

  it('asks for the request ID, exit 2', async () => {
    const out = await runCli(['review', 'approve'], as(TOKENS.alice));
    expect(out).toMatchObject({ code: 2, stderr: 'airlock: missing the request ID (see: airlock review approve --help)\n' });
  });
});

describe('airlock --help', () => {
  it('lists the review commands', async () => {
    const out = await runCli(['--help']);
    for (const name of ['list', 'approve', 'deny', 'modify']) expect(out.stdout).toContain(`airlock review ${name}`);
  });
});
