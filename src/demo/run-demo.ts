import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseConfig } from '../config/parse.js';
import { startGateway } from '../server.js';
import { freePort } from '../util/free-port.js';
import type { Logger } from '../util/log.js';
import { startDemoTarget } from './demo-target.js';
import { startRedisChild } from './redis-child.js';

export interface DemoOptions {
  readonly log: Logger;
  /** Where the demo keeps its audit trail and spool. Default ./.airlock/demo */
  readonly dataDir?: string;
  readonly postgresPort?: number;
  readonly httpPort?: number;
  /** Where the banner goes (stdout by default; logs are JSON lines, the banner is for people). */
  readonly print?: (text: string) => void;
  /** Where the console review channel's [airlock] lines go (stdout by default). */
  readonly consoleOut?: Writable;
}

export interface RunningDemo {
  readonly postgresPort: number;
  readonly httpPort: number;
  readonly agentToken: string;
  readonly reviewerToken: string;
  close(): Promise<void>;
}

/** The demo's configuration, written as a user would write theirs; secrets come from the environment. */
const DEMO_CONFIG = `
gateway:
  http: { port: \${HTTP_PORT}, host: 127.0.0.1 }
redis:
  url: \${REDIS_URL}
audit:
  database: embedded:\${DATA_DIR}/audit
  spool: \${DATA_DIR}/spool
  readers: [auditors]
identity:
  tokens:
    - { name: agent, token: \${AGENT_TOKEN}, groups: [agents] }
    - { name: reviewer@example.com, token: \${REVIEWER_TOKEN}, groups: [dba, auditors] }
listeners:
  postgres: { port: \${PG_PORT}, host: 127.0.0.1 }
connections:
  - name: prod
    type: postgres
    upstream: { host: 127.0.0.1, port: \${TARGET_PORT}, database: postgres, user: postgres, password: demo, sslmode: disable }
    policy: sql-default
    reviewers: [dba]
    mask: pii
masking:
  pii:
    columns:
      - "*.ssn"
      - "*.api_key"
      - { column: customers.email, style: pseudonym }
      - { column: customers.card_number, style: partial }
    detectors: [email, credit_card, us_ssn, iban, phone, ip, secrets]
policies:
  sql-default:
    preset: postgres
    rules: []
    approvals: { timeout: 5m, remindAfter: 2m, quorum: 1 }
`;

/** Runs the zero-config demo: a sample "production" database, Redis, and a gateway in front of them. */
export async function runDemo(opts: DemoOptions): Promise<RunningDemo> {
  const print = opts.print ?? ((text: string) => process.stdout.write(text + '\n'));
  const dataDir = resolve(opts.dataDir ?? '.airlock/demo');
  const postgresPort = opts.postgresPort ?? 15432;
  const httpPort = opts.httpPort ?? 8080;
  const agentToken = `demo-agent-${randomBytes(12).toString('hex')}`;
  const reviewerToken = `demo-reviewer-${randomBytes(12).toString('hex')}`;
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: unknown) => opts.log.warn('demo shutdown step failed', { error: err }));
  };

  try {
    print('airlock demo: starting a sample production database (PGlite, in memory)…');
    const target = await startDemoTarget(await freePort());
    closers.push(() => target.close());
    let redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      const redis = await startRedisChild(await freePort());
      closers.push(() => redis.close());
      redisUrl = redis.url;
    }
    const config = parseConfig(DEMO_CONFIG, {
      baseDir: process.cwd(),
      env: {
        ...process.env,
        HTTP_PORT: String(httpPort),
        PG_PORT: String(postgresPort),
        TARGET_PORT: String(target.port),
        REDIS_URL: redisUrl,
        DATA_DIR: dataDir,
        AGENT_TOKEN: agentToken,
        REVIEWER_TOKEN: reviewerToken,
      },
    });
    print('airlock demo: starting the gateway and its audit trail (embedded)…');
    const gateway = await startGateway(config, { log: opts.log, ...(opts.consoleOut ? { consoleOut: opts.consoleOut } : {}) });
    closers.push(() => gateway.close(5000));
    const pgPort = gateway.ports.postgres ?? postgresPort;
    print(banner(pgPort, gateway.ports.http, agentToken, reviewerToken));
    return { postgresPort: pgPort, httpPort: gateway.ports.http, agentToken, reviewerToken, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function banner(pgPort: number, httpPort: number, agentToken: string, reviewerToken: string): string {
  return `
Airlock demo is running. Connect as the agent:

  psql "host=127.0.0.1 port=${pgPort} dbname=prod user=agent password=${agentToken}"

Then try:
  SELECT * FROM customers;                    -- allowed: a read, with PII and secrets masked
  SELECT count(*) FROM orders WHERE status = 'paid';
  DELETE FROM orders WHERE status = 'refunded'; -- a write: held until a reviewer decides
  COPY customers TO PROGRAM 'cat';             -- blocked by policy

Decide held statements as the reviewer, in another terminal (the request id is in psql's NOTICE
and in the [airlock] lines below):

  export AIRLOCK_URL=http://127.0.0.1:${httpPort} AIRLOCK_TOKEN=${reviewerToken}
  npx airlock review list
  npx airlock review approve apr_…             # or: deny apr_… --reason "…", modify apr_… --command "…"
  npx airlock review watch                     # a live list with keys to decide

Read the audit trail (same reviewer token, which is also an auditor):

  npx airlock audit export
  npx airlock audit verify

Press Ctrl-C to stop.`;
}
