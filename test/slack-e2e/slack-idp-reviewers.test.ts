import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APPROVE_ACTION } from '../../src/bot/slack/ids.js';
import { agentSession, heldId, type AgentSession } from '../approvals-e2e/agent-session.js';
import { createDeployment } from '../approvals-e2e/deployment.js';
import { stopAllGateways, type GatewayProcess } from '../approvals-e2e/gateway-process.js';
import { approvalEvents, approvalsReady, decide, getReview } from '../approvals-e2e/review-api.js';
import { approveDevice } from '../cli-login/browser.js';
import { startLogin } from '../cli-login/login-cli.js';
import { runCli } from '../cli/run-cli.js';
import { AUDIENCE, DEVICE_CLIENT, PERSON, REVIEWER_PERSON, signingKey, startIdp, type TestIdp } from '../identity-oidc/idp.js';
import { SlackStandIn } from '../support/slack/slack-standin.js';
import { APP_TOKEN, APPROVALS, BOT_TOKEN, cardFor, SIGNING_SECRET, SlackDriver } from './slack-driver.js';

// Reviewers whose groups live only at the IdP: `airlock login` signs them in to the gateway, which
// remembers the IdP identity in Redis, and their Slack clicks (by profile email) map to it. A member
// named in the connection's reviewers decides without any group.

/** Slack profiles: the IdP reviewer (email in another case), an IdP person outside dba, a named member. */
const DAVE = { id: 'U0DAVE', email: 'Dave@idp.test' };
const CAROL = { id: 'U0CAROL', email: PERSON.login };
const ERIN = { id: 'U0ERIN', email: 'erin@example.com' };
const SLACK_BACKLOG_MS = 20_000;

let idp: TestIdp;
let standin: SlackStandIn;
let gw: GatewayProcess;
let slack: SlackDriver;
let agent: AgentSession;

beforeAll(async () => {
  idp = await startIdp(await signingKey('key-1'));
  standin = await SlackStandIn.start({
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    users: Object.fromEntries([DAVE, CAROL, ERIN].map((u) => [u.id, { email: u.email }])),
    channels: { [APPROVALS]: { name: 'db-approvals' } },
  });
  const deployment = await createDeployment(inject('redisUrl'), {
    channels: { slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, approvals: APPROVALS, apiUrl: standin.url } },
    people: [{ name: 'erin@example.com', groups: [] }],
    oidc: { issuer: idp.issuer, audience: AUDIENCE, groupsClaim: 'groups', reviewerTtl: '1h' },
    reviewers: ['dba', { member: 'erin@example.com' }],
  });
  gw = await deployment.startGateway('gw-idp-reviewers');
  await approvalsReady(gw);
  slack = new SlackDriver(standin);
  agent = await agentSession(gw);
}, 60_000);

afterAll(async () => {
  await agent?.end();
  await stopAllGateways();
  await standin?.close();
  await idp?.stop();
});

async function held(sql: string) {
  const sent = await agent.send(sql);
  const id = heldId(sent);
  await expect.poll(() => cardFor(standin, id), { timeout: SLACK_BACKLOG_MS }).toBeDefined();
  return { id, run: 'run' in sent ? sent.run : Promise.reject(new Error('not held')) };
}

const ephemeralsFor = (user: { id: string }) => standin.ephemerals.filter((e) => e.user === user.id).map((e) => e.text);

/** `airlock login` through the device flow as `person`, with its own token store; resolves with its output and the store's directory. */
async function login(person: string) {
  const config = mkdtempSync(join(tmpdir(), 'airlock-reviewer-'));
  const running = startLogin(['--issuer', idp.issuer, '--resource', 'https://airlock.test/', '--scope', 'sql'], {
    XDG_CONFIG_HOME: config,
    AIRLOCK_OIDC_CLIENT_ID: DEVICE_CLIENT.id,
    AIRLOCK_URL: gw.url,
  });
  const [, , code] = await running.stderrMatch(/Open (\S+) and enter code (\S+)/);
  await approveDevice(idp.issuer, code as string, person);
  return { result: await running.done, config };
}

describe('reviewers known through the IdP', () => {
  it('tells someone the gateway has not seen sign in to run airlock login, and changes nothing', async () => {
    const { id } = await held('DELETE FROM orders WHERE id = 1');
    expect((await slack.click(gw, DAVE, APPROVE_ACTION, id)).status).toBe(200);
    await expect.poll(() => ephemeralsFor(DAVE), { timeout: 5000 }).toContainEqual(
      ":no_entry: you can't review Airlock requests: Dave@idp.test is not an Airlock identity; run `airlock login` (your identity provider sign-in), then try again; or ask an Airlock admin to add it to identity.people",
    );
    expect((await getReview(gw, id)).body.state).toBe('pending');
    expect((await decide(gw, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('signs a reviewer in with airlock login; airlock review approve then uses the stored token, attributed to the IdP identity', async () => {
    const { result, config } = await login(REVIEWER_PERSON.login);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/The gateway knows you as dave@idp\.test \(groups: dba\); chat reviews recognise you until \d{4}-\d\d-\d\dT/);

    const { id, run } = await held('DELETE FROM orders WHERE id = 2');
    const approved = await runCli(['review', 'approve', id, '--reason', 'ticket 42'], { env: { AIRLOCK_URL: gw.url, XDG_CONFIG_HOME: config } });
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toBe(`approved ${id} (DELETE FROM orders WHERE id = 2)\n`);
    expect((await run).rowCount).toBe(1);
    const events = await approvalEvents(gw, id);
    expect(events.find((e) => e.data.to === 'approved')).toMatchObject({ identity: REVIEWER_PERSON.login, data: { reason: 'ticket 42' } });
  });

  it('maps a Slack click to the signed-in IdP identity and its IdP groups', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 3');
    expect((await slack.click(gw, DAVE, APPROVE_ACTION, id)).status).toBe(200);
    expect((await run).rowCount).toBe(1);
    await expect.poll(() => cardFor(standin, id)?.text, { timeout: SLACK_BACKLOG_MS }).toBe('Executed: DELETE orders on prod: Approved by dave@idp.test, then it ran');
  });

  it('refuses a signed-in person outside the reviewer groups, naming who may decide', async () => {
    const { result } = await login(PERSON.login);
    expect(result.code, result.stderr).toBe(0);
    const { id } = await held('DELETE FROM orders WHERE id = 4');
    expect((await slack.click(gw, CAROL, APPROVE_ACTION, id)).status).toBe(200);
    await expect.poll(() => ephemeralsFor(CAROL), { timeout: 5000 }).toContainEqual(
      `:warning: Nothing changed: carol@idp.test is not in a reviewer group nor one of its reviewers of ${id} (dba, erin@example.com)`,
    );
    expect((await decide(gw, id, 'deny', { reason: 'cleanup' })).status).toBe(200);
  });

  it('lets a member named in reviewers approve without any reviewer group', async () => {
    const { id, run } = await held('DELETE FROM orders WHERE id = 5');
    expect((await slack.click(gw, ERIN, APPROVE_ACTION, id)).status).toBe(200);
    expect((await run).rowCount).toBe(1);
    const events = await approvalEvents(gw, id);
    expect(events.find((e) => e.data.to === 'approved')?.identity).toBe('erin@example.com');
  });
});
