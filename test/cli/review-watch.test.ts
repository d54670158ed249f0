import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { newRequest, until } from '../queue/fixture.js';
import { startReviewGateway, type ReviewGateway } from '../http/review-gateway.js';
import { TOKENS } from '../http/stand-ins.js';
import { runCli } from './run-cli.js';
import { hasTmux, openPane, type Pane } from './tmux.js';

const COMMAND = 'DELETE FROM orders WHERE created_at < now()';

describe('airlock review watch without a terminal', () => {
  it('refuses, exit 2, pointing at review list', async () => {
    const out = await runCli(['review', 'watch'], { env: { AIRLOCK_URL: 'http://127.0.0.1:9', AIRLOCK_TOKEN: TOKENS.alice } });
    expect(out).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'airlock: review watch needs a terminal on stdin and stdout; use "airlock review list" instead\n',
    });
  });

  it('is listed in the help', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(/airlock review watch +live list of pending requests/);
  });
});

const TMUX_MISSING = 'tmux is not installed (apt-get install tmux; .ci/run does): skipping the terminal test of review watch';
if (!hasTmux) console.warn(TMUX_MISSING);

describe.skipIf(!hasTmux)('airlock review watch in a terminal (tmux)', () => {
  let gw: ReviewGateway;
  let pane: Pane | undefined;
  beforeEach(async () => {
    gw = await startReviewGateway(inject('redisUrl'), 'review-watch');
  });
  afterEach(async () => {
    await pane?.close();
    await gw.close();
  });

  const pending = () => gw.approvals.request(newRequest(), { timeoutMs: 60_000, quorum: 1 });
  const watch = () =>
    openPane([process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'review', 'watch'], {
      env: { AIRLOCK_URL: gw.url, AIRLOCK_TOKEN: TOKENS.alice, LOG_LEVEL: 'error' },
      width: 140,
      height: 20,
    });
  const shows = (p: Pane, text: string) => until(async () => (await p.screen()).includes(text), `the screen to show "${text}"`);
  const exitStatus = async (p: Pane) => {
    await shows(p, 'exited with');
    return /exited with (\d+)/.exec(await p.screen())?.[1];
  };

  it('lists, approves after y, denies with a reason, and gives the terminal back on q', async () => {
    const first = await pending();
    pane = await watch();
    await shows(pane, first.id);
    expect(await pane.show('alternate_on')).toBe('1');
    expect(await pane.screen()).toContain('↑/↓ select  a approve  d deny  m modify  r refresh  q quit');

    // Arrives while watching: the next poll lists it.
    const second = await pending();
    await shows(pane, second.id);

    await pane.keys('a');
    await shows(pane, `approve ${first.id}? [y/N]`);
    await pane.keys('y');
    await shows(pane, `approved ${first.id} (${COMMAND})`);
    expect((await gw.approvals.get(first.id))?.state).toBe('approved');
    await until(async () => !(await pane?.screen())?.includes(`${first.id}  prod-db`), 'the approved request to leave the list');

    await pane.keys('d');
    await shows(pane, `deny ${second.id} — reason (Esc cancels):`);
    await pane.type('use a batch job');
    await pane.keys('Enter');
    await shows(pane, `denied ${second.id} (${COMMAND})`);
    expect((await gw.approvals.get(second.id))?.closed).toMatchObject({ as: 'denied', by: 'alice@example.com', reason: 'use a batch job' });
    await shows(pane, 'no pending approval requests');

    await pane.keys('q');
    expect(await exitStatus(pane)).toBe('0');
    expect(await pane.show('alternate_on')).toBe('0');
    expect(await pane.show('cursor_flag')).toBe('1');
    expect(await pane.screen()).not.toContain('q quit');
  });

  it("shows the gateway's refusal and keeps going; Esc cancels a prompt", async () => {
    const r = await pending();
    pane = await watch();
    await shows(pane, r.id);
    await pane.keys('m');
    await shows(pane, `modify ${r.id} — command (Esc cancels): ${COMMAND}`);
    await pane.keys('Escape');
    await shows(pane, `cancelled: modify ${r.id}`);

    // Someone else decides while alice is asked to confirm.
    await pane.keys('a');
    await shows(pane, `approve ${r.id}? [y/N]`);
    await gw.approvals.decide(r.id, { name: 'bob@example.com', groups: ['dba'] }, { kind: 'approve' });
    await pane.keys('y');
    await until(async () => /already approved by bob@example\.com at \S+ \(HTTP 409\)/.test((await pane?.screen()) ?? ''), 'the refusal');
    expect(await pane.screen()).not.toContain('exited with');
    await pane.keys('C-c');
    expect(await exitStatus(pane)).toBe('0');
    expect(await pane.show('alternate_on')).toBe('0');
  });

  it('shows an unreachable gateway in the status line and keeps retrying; SIGTERM restores the terminal', async () => {
    pane = await watch();
    await shows(pane, 'no pending approval requests');
    await gw.close();
    await shows(pane, 'retrying every second · cannot reach the gateway');
    expect(await pane.screen()).not.toContain('exited with');
    gw = await startReviewGateway(inject('redisUrl'), 'review-watch');

    // The pane runs sh, which runs the CLI as its one child (Linux lists a task's children in /proc).
    const sh = await pane.show('pane_pid');
    const cli = readFileSync(`/proc/${sh}/task/${sh}/children`, 'utf8').trim();
    process.kill(Number(cli), 'SIGTERM');
    expect(await exitStatus(pane)).toBe('143');
    expect(await pane.show('alternate_on')).toBe('0');
    expect(await pane.show('cursor_flag')).toBe('1');
  });
});
