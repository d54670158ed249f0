import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Limits, RateLimiter, SLACK_LIMITS } from './rate-limiter.js';
import { type Answer, type Args, type Ephemeral, type SlackUser, type StoredMessage, type StoredView, Workspace } from './workspace.js';

// Slack cannot be reached from tests, so this stands in for its Web API: a real HTTP server
// the real @slack/web-api WebClient talks to (pass `url` as `slackApiUrl`), answering with
// Slack's status codes, error names, limits and rate limiting.

export interface StandInOptions {
  botToken: string;
  /** users.info answers for these ids; chat.postEphemeral and views.publish accept only them. */
  users?: Record<string, SlackUser>;
  /** When given, other channel ids get channel_not_found (a user id still works as a DM). */
  channels?: Record<string, { name: string }>;
  /** Per-method limits, laid over Slack's published ones (SLACK_LIMITS). */
  limits?: Limits;
}

/** One HTTP request as it arrived, including the ones answered with an error. */
export interface RecordedCall {
  method: string;
  args: Args;
  /** Date.now() when the request arrived. */
  at: number;
  status: number;
  /** Slack's error code (or 'ratelimited' / the outage kind) when the call did not succeed. */
  error?: string;
}

/** 'unavailable' answers HTTP 503; 'reset' drops the connection without an answer. */
export type OutageKind = 'unavailable' | 'reset';

/** Form fields WebClient sends JSON-encoded, and the error Slack gives when they don't parse. */
const JSON_FIELDS: Record<string, string> = { blocks: 'invalid_blocks_format', attachments: 'invalid_attachments', view: 'invalid_arguments', metadata: 'invalid_metadata_format' };

export type { Ephemeral, SlackUser, StoredMessage, StoredView };

export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  private readonly workspace: Workspace;
  private readonly limiter: RateLimiter;
  private outages: OutageKind[] = [];

  private constructor(
    private readonly server: Server,
    private readonly opts: StandInOptions,
    readonly url: string,
  ) {
    this.workspace = new Workspace(opts.users ?? {}, opts.channels);
    this.limiter = new RateLimiter({ ...SLACK_LIMITS, ...opts.limits });
  }

  static async start(opts: StandInOptions): Promise<SlackStandIn> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const standin = new SlackStandIn(server, opts, `http://127.0.0.1:${port}/api/`);
    // A client that hangs up mid-body is its own outage; drop the socket rather than crash the test run.
    server.on('request', (req, res) => standin.handle(req, res).catch(() => res.destroy()));
    return standin;
  }

  /** Messages posted to a channel (thread replies included, with thread_ts), oldest first. */
  messages(channel: string): readonly StoredMessage[] {
    return this.workspace.messages(channel);
  }

  get ephemerals(): readonly Ephemeral[] {
    return this.workspace.ephemerals;
  }

  get views(): readonly StoredView[] {
    return this.workspace.views;
  }

  /** Calls of one method, in arrival order. */
  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** A trigger_id for an interaction payload; views.open accepts it once, within 3 s. */
  issueTrigger(): string {
    return this.workspace.issueTrigger();
  }

  /** The next `n` requests, whatever the method, fail as `kind`. */
  failNext(n: number, kind: OutageKind): void {
    this.outages.push(...Array<OutageKind>(n).fill(kind));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = url.pathname.startsWith('/api/') ? url.pathname.slice('/api/'.length) : '';
    const raw = await readBody(req);
    const parsed = parseArgs(raw, req.headers['content-type'], url.searchParams);
    const args = 'error' in parsed ? {} : parsed.args;
    const record = (status: number, error?: string) => {
      this.calls.push({ method, args, at: Date.now(), status, ...(error === undefined ? {} : { error }) });
    };

    const outage = this.outages.shift();
    if (outage === 'reset') {
      record(0, outage);
      req.socket.destroy();
      return;
    }
    if (outage === 'unavailable') {
      record(503, outage);
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
      return;
    }
    if (method === '') {
      record(404, 'not_found');
      res.writeHead(404).end();
      return;
    }

    const answer = this.answer(req, method, args, parsed);
    if (typeof answer === 'number') {
      record(429, 'ratelimited');
      res.writeHead(429, { 'retry-after': String(answer), 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    record(200, answer.ok ? undefined : answer.error);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  }

  /** Slack's answer, or the seconds to wait when rate limited. */
  private answer(req: IncomingMessage, method: string, args: Args, parsed: ParsedArgs): Answer | number {
    const auth = req.headers.authorization;
    if (auth === undefined) return { ok: false, error: 'not_authed' };
    if (auth !== `Bearer ${this.opts.botToken}`) return { ok: false, error: 'invalid_auth' };
    if ('error' in parsed) return { ok: false, error: parsed.error };
    const wait = this.limiter.take(method, typeof args.channel === 'string' ? args.channel : undefined);
    return wait > 0 ? wait : this.workspace.call(method, args);
  }
}

type ParsedArgs = { args: Args } | { error: string };

/** Reads arguments the ways Slack accepts them: query string, form body (JSON inside some fields) or JSON body. */
function parseArgs(raw: string, contentType: string | undefined, query: URLSearchParams): ParsedArgs {
  const args: Args = Object.fromEntries(query);
  if (contentType?.startsWith('application/json')) {
    try {
      const body: unknown = JSON.parse(raw);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return { error: 'invalid_json' };
      return { args: { ...args, ...(body as Args) } };
    } catch {
      return { error: 'invalid_json' };
    }
  }
  for (const [key, value] of new URLSearchParams(raw)) {
    const jsonError = JSON_FIELDS[key];
    if (jsonError === undefined) {
      args[key] = value;
      continue;
    }
    try {
      args[key] = JSON.parse(value);
    } catch {
      return { error: jsonError };
    }
  }
  return { args };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
