import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { ArrayAudit, auditEvent, startTestServer, TOKENS, type TestServer } from '../http/stand-ins.js';
import { runCli } from './run-cli.js';

let gw: TestServer;
const events = [
  auditEvent(1, '2024-05-01T10:00:00Z', { text: 'select 1' }),
  auditEvent(2, '2024-05-02T10:00:00Z', { text: 'update t set a = 1' }),
  auditEvent(3, '2024-05-03T10:00:00Z', { text: 'delete from t' }),
];

beforeAll(async () => {
  gw = await startTestServer({ audit: new ArrayAudit(events) });
});
afterAll(() => gw.server.close());

const as = (token: string) => ({ AIRLOCK_URL: gw.url, AIRLOCK_TOKEN: token });

describe('airlock audit verify', () => {
  it('prints ok and the event count, exit 0, when the chain is intact', async () => {
    gw.audit.verifyResult = { ok: true, count: 3 };
    const r = await runCli(['audit', 'verify'], { env: as(TOKENS.auditor) });
    expect(r).toMatchObject({ code: 0, stdout: 'ok 3 events\n' });
  });

  it('names the first broken event, exit 1, when the chain is broken', async () => {
    gw.audit.verifyResult = { ok: false, count: 3, broken: { chain: 'gw-1', seq: 2, reason: 'hash mismatch' } };
    const r = await runCli(['audit', 'verify'], { env: as(TOKENS.auditor) });
    expect(r).toMatchObject({ code: 1, stdout: 'broken at chain gw-1 seq 2: hash mismatch\n' });
  });

  it("shows the gateway's refusal, exit 2, for an identity that may not read the audit trail", async () => {
    const r = await runCli(['audit', 'verify'], { env: as(TOKENS.agent) });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('airlock: forbidden: devin must be in one of the groups: admins, auditors (HTTP 403)\n');
  });

  it('reports a rejected token, exit 2, without printing it', async () => {
    const token = 'tok-wrong-0c1d2e';
    const r = await runCli(['audit', 'verify'], { env: as(token) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('invalid bearer token (HTTP 401)');
    expect(r.stderr + r.stdout).not.toContain(token);
  });

  it('names the URL in one line, exit 2, when no gateway listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const r = await runCli(['audit', 'verify'], { env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: TOKENS.auditor } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^airlock: cannot reach the gateway at ${url} \\(ECONNREFUSED\\).*\\n$`));
  });
});

describe('airlock audit export', () => {
  it('streams CSV to stdout, passing --since through', async () => {
    const r = await runCli(['audit', 'export', '--format', 'csv', '--since', '2024-05-02'], { env: as(TOKENS.auditor) });
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^at,chain,seq,type,/);
    expect(rows.slice(1).map((row) => row.split(',')[2])).toEqual(['2', '3']);
    expect(gw.audit.exportCalls.at(-1)).toEqual({ since: new Date('2024-05-02'), until: undefined });
  });

  it('prints JSON lines by default', async () => {
    const r = await runCli(['audit', 'export', '--until', '2024-05-01T23:59:59Z'], { env: as(TOKENS.auditor) });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1]);
  });

  it("shows the gateway's message, exit 2, for a date that is not ISO 8601", async () => {
    const r = await runCli(['audit', 'export', '--since', 'yesterday'], { env: as(TOKENS.auditor) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^airlock: since must be an ISO 8601 date/);
    expect(r.stdout).toBe('');
  });
});

describe('airlock token hash', () => {
  it('prints the sha256: form of the token on stdin, ignoring the trailing newline', async () => {
    const r = await runCli(['token', 'hash'], { input: 's3cret-token\n' });
    const expected = 'sha256:' + createHash('sha256').update('s3cret-token').digest('hex');
    expect(r).toMatchObject({ code: 0, stdout: `${expected}\n` });
  });

  it('refuses empty input, exit 2', async () => {
    const r = await runCli(['token', 'hash'], { input: '\n' });
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'airlock: no token on stdin\n' });
  });
});

describe('usage', () => {
  it('rejects an unknown command with the usage text, exit 2, listing only working commands', async () => {
    const r = await runCli(['teleport', 'sess-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^airlock: unknown command "teleport sess-1"\n/);
    for (const command of ['audit export', 'audit sessions', 'replay', 'digest', 'login']) expect(r.stderr).toContain(`airlock ${command}`);
    expect(r.stderr).not.toMatch(/airlock teleport\b/);
  });

  it("prints a command's help with --help, exit 0", async () => {
    const r = await runCli(['audit', 'export', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--format FORMAT');
  });

  it('rejects an unknown option, exit 2, pointing at the help', async () => {
    const r = await runCli(['audit', 'verify', '--fast']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown option '--fast' (see: airlock audit verify --help)");
  });
});
