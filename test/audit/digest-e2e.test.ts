import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Digest } from '../../src/core/digest.js';
import { runCli } from '../cli/run-cli.js';
import { READER, REVIEWER, startTestGateway, type TestGateway } from '../gateway-postgres/harness.js';
import { openReviewerSide, type ReviewerSide } from '../gateway-postgres/reviewer-side.js';

// A real gateway, a real session through it, reviews through the gateway's own API (so it records
// them), and the real CLI reading the day's digest back.

const SETUP = `CREATE TABLE digest_orders (id int PRIMARY KEY);
               INSERT INTO digest_orders SELECT generate_series(1, 5);
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;
const today = new Date().toISOString().slice(0, 10);

let gw: TestGateway;
/** Only finds the requests; decisions go through the gateway. */
let side: ReviewerSide;

async function decide(id: string, kind: 'approve' | 'deny', body: Record<string, string>): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${gw.httpPort}/api/reviews/${id}/${kind}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${REVIEWER.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${kind} ${id}: ${res.status}`);
}

beforeAll(async () => {
  gw = await startTestGateway({ setupSql: SETUP, approvals: { timeoutMs: 60_000 } });
  side = await openReviewerSide('digest');
  const c = await gw.client();
  try {
    await c.query('SELECT count(*) FROM digest_orders');
    await c.query("COPY digest_orders TO PROGRAM 'true'").catch(() => undefined);
    const approved = c.query('DELETE FROM digest_orders WHERE id = 1');
    await decide((await side.pendingFor('DELETE FROM digest_orders WHERE id = 1')).id, 'approve', {});
    await approved;
    const denied = c.query('DELETE FROM digest_orders WHERE id = 2').catch(() => undefined);
    await decide((await side.pendingFor('DELETE FROM digest_orders WHERE id = 2')).id, 'deny', { reason: 'keep it' });
    await denied;
  } finally {
    await c.end();
  }
});
afterAll(async () => {
  await side?.close();
  await gw?.close();
});

const digestCli = (args: string[], token = READER.token) => runCli(['digest', ...args], { env: { AIRLOCK_URL: `http://127.0.0.1:${gw.httpPort}`, AIRLOCK_TOKEN: token } });

describe('airlock digest', () => {
  it("reports the day's sessions, statements and reviews figure by figure", async () => {
    const r = await digestCli(['--date', today, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Digest;
    expect(d.totals).toMatchObject({ sessions: 1, statements: 2, refused: 2, held: 2, approved: 1, denied: 1, expired: 0 });
    expect(d.agents).toEqual([{ name: 'devin', sessions: 1, statements: 2, refused: 2, held: 2 }]);
    expect(d.decisionTime.decided).toBe(2);
    expect(d.topReasons).toEqual([{ reason: 'DELETE on digest_orders', count: 2 }]);
    expect(d.chain).toMatchObject({ ok: true });
  });

  it('prints it as text for a person', async () => {
    const r = await digestCli(['--date', today, '--tz', 'UTC']);
    expect(r.stdout).toContain(`Airlock digest for ${today} (UTC)`);
    expect(r.stdout).toContain('1 sessions, 2 statements ran, 2 refused, 2 held for review');
    expect(r.stdout).toContain('reviews: 1 approved, 0 modified, 1 denied, 0 expired, 0 cancelled');
  });

  it('posts it to the digest channels on request, and says what it posted', async () => {
    const r = await digestCli(['--date', today, '--post']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 sessions, 2 statements ran, 2 refused, 2 held for review');
  });

  it('refuses a bad date or time zone, and an identity that may not read the audit trail', async () => {
    expect(await digestCli(['--date', '2024-13-01'])).toMatchObject({ code: 2, stderr: expect.stringContaining('date: "2024-13-01" is not a date') });
    expect(await digestCli(['--tz', 'Mars/Olympus'])).toMatchObject({ code: 2, stderr: expect.stringContaining('tz: unknown time zone "Mars/Olympus"') });
    expect((await digestCli([], REVIEWER.token)).code).toBe(2);
  });
});
