import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { READER, REVIEWER, startTestGateway, type TestGateway } from '../gateway-postgres/harness.js';
import { openReviewerSide, type ReviewerSide } from '../gateway-postgres/reviewer-side.js';

// One psql session through a real gateway, a review through its API, then the real CLI listing the
// session and replaying it: what the replay shows must be what psql printed.

const SETUP = `CREATE TABLE replay_orders (id int PRIMARY KEY);
               INSERT INTO replay_orders SELECT generate_series(1, 5);
               GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;

let gw: TestGateway;
let side: ReviewerSide;
let psqlOut: string;

beforeAll(async () => {
  gw = await startTestGateway({ setupSql: SETUP, approvals: { timeoutMs: 60_000 }, recordRows: 'all' });
  side = await openReviewerSide('replay');
  const session = gw.psql(['-c', 'SELECT count(*) FROM replay_orders', '-c', 'DELETE FROM replay_orders WHERE id = 1', '-c', "COPY replay_orders TO PROGRAM 'true'"]);
  const held = await side.pendingFor('DELETE FROM replay_orders WHERE id = 1');
  const res = await fetch(`http://127.0.0.1:${gw.httpPort}/api/reviews/${held.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${REVIEWER.token}` } });
  if (!res.ok) throw new Error(`approve: ${res.status}`);
  psqlOut = (await session).stdout;
});
afterAll(async () => {
  await side?.close();
  await gw?.close();
});

const cli = (args: string[]) => runCli(args, { env: { AIRLOCK_URL: `http://127.0.0.1:${gw.httpPort}`, AIRLOCK_TOKEN: READER.token } });

describe('session replay', () => {
  it('lists the session to pick from, with who, where and what ran', async () => {
    const r = await cli(['audit', 'sessions', '--identity', 'devin', '--json']);
    expect(r.code).toBe(0);
    const sessions = JSON.parse(r.stdout) as Array<{ start: { identity: string; connection: string }; end: { data: { summary: { ran: number } } } }>;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ start: { identity: 'devin', connection: 'prod' }, end: { data: { summary: { ran: 2 } } } });
    expect((await cli(['audit', 'sessions', '--identity', 'nobody'])).stdout).toBe('');
  });

  it('plays the session back: statements, verdicts, the review and how it ended, as psql saw them', async () => {
    const [listed] = JSON.parse((await cli(['audit', 'sessions', '--json'])).stdout) as Array<{ start: { sessionId: string } }>;
    const r = await cli(['replay', listed!.start.sessionId, '--speed', '0']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => l.replace(/^\[\+\d+\.\d{3}s\] /, ''));
    expect(lines).toEqual([
      expect.stringMatching(/^session \S+ — devin on prod \(postgres\) from 127\.0\.0\.1$/),
      expect.stringMatching(/^SELECT count\(\*\) FROM replay_orders {2}→ SELECT 1 · [\d.]+ ms$/),
      // The rows psql printed (it runs -At: tuples only), between the header and the count.
      'count',
      psqlOut.split('\n')[0],
      '(1 row)',
      expect.stringMatching(/^⏸ held as apr_\w+: DELETE on replay_orders$/),
      expect.stringMatching(/^ {2}apr_\w+ approved by dba@example\.com$/),
      expect.stringMatching(/^DELETE FROM replay_orders WHERE id = 1 {2}→ DELETE 1 · [\d.]+ ms · approved by dba@example\.com \(apr_\w+\)$/),
      expect.stringMatching(/^✗ COPY replay_orders TO PROGRAM 'true' {2}— refused: airlock: blocked by policy/),
      expect.stringMatching(/^session ended: client disconnected after \d+s$/),
    ]);
    expect(psqlOut.split('\n').slice(0, 2)).toEqual(['5', 'DELETE 1']);
  });

  it('says so for a session that is not in the trail', async () => {
    expect(await cli(['replay', 'no-such-session', '--speed', '0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('no session no-such-session in the audit trail') });
  });
});
