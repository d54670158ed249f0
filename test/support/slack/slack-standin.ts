import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Limits, RateLimiter } from '../rate-limiter.js';
import { SLACK_LIMITS } from './slack-limits.js';
import { type SocketModeControls, SocketModeLink } from './socket-mode-link.js';
import { type Answer, type Args, type Ephemeral, type SlackUser, type StoredMessage, type StoredView, Workspace } from './workspace.js';

// Slack cannot be reached from tests, so this stands in for its Web API: a real HTTP server
// the real @slack/web-api WebClient talks to (pass `url` as `slackApiUrl`), answering with
// Slack's status codes, error names, limits and rate limiting. With an appToken it also plays
// Slack's side of Socket Mode (socket-mode-link.ts) on the same port.

export interface StandInOptions {
  botToken: string;
  /** The app-level token (xapp-…) apps.connections.open accepts; without it Socket Mode is refused. */
  appToken?: string;
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

/** The one method that takes the app-level token rather than the bot token. */
const CONNECTIONS_OPEN = 'apps.connections.open';

export type { Ephemeral, SlackUser, StoredMessage, StoredView };
export type { DisconnectReason, EnvelopeType, SocketModeAck, SocketModeControls } from './socket-mode-link.js';

export class SlackStandIn {
  readonly calls: RecordedCall[] = [];
  /** The Web API base URL, for WebClient's `slackApiUrl`. */
  readonly url: string;
  private readonly workspace: Workspace;
  private readonly limiter: RateLimiter;
  private outages: OutageKind[] = [];
  private readonly link: SocketModeLink;

  private constructor(
    private readonly server: Server,
    private readonly opts: StandInOptions,
    port: number,
  ) {
    this.url = `http://127.0.0.1:${port}/api/`;
    this.workspace = new Workspace(opts.users ?? {}, opts.channels);
    this.limiter = new RateLimiter({ ...SLACK_LIMITS, ...opts.limits });
    this.link = new SocketModeLink(`ws://127.0.0.1:${port}`);
  }

  /** Slack's side of the app's Socket Mode connections: send envelopes, await acks. */
  get socketMode(): SocketModeControls {
    return this.link;
  }

  static async start(opts: StandInOptions): Promise<SlackStandIn> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const standin = new SlackStandIn(server, opts, port);
    // A client that hangs up mid-body is its own outage; drop the socket rather than crash the test run.
    server.on('request', (req, res) => standin.handle(req, res).catch(() => res.destroy()));
    server.on('upgrade', (req, socket, head) => standin.link.upgrade(req, socket, head));
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

  deleteMessage(channel: string, ts: string): void {
    this.workspace.deleteMessage(channel, ts);
  }

  /** A trigger_id for an interaction payload; views.open accepts it once, within 3 s. */
  issueTrigger(): string {
    return this.workspace.issueTrigger();
  }

  /** The next `n` requests, whatever the method, fail as `kind`. */
  failNext(n: number, kind: OutageKind): void {
    this.outages.push(...Array<OutageKind>(n).fill(kind));
  }

  /** Stop Socket Mode apps first: a client still connected here would try to reconnect to a closed port. */
  async close(): Promise<void> {
    await this.link.close(); // upgraded sockets are no longer the HTTP server's to close
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
    const tokenError = this.tokenError(auth, method);
    if (tokenError !== undefined) return { ok: false, error: tokenError };
    if ('error' in parsed) return { ok: false, error: parsed.error };
    if (method === CONNECTIONS_OPEN) return this.link.issueUrl();
    const wait = this.limiter.take(method, typeof args.channel === 'string' ? args.channel : undefined);
    return wait > 0 ? wait : this.workspace.call(method, args);
  }

  /** Slack tells a known token of the wrong kind (bot vs app-level) apart from an unknown one. */
  private tokenError(auth: string, method: string): string | undefined {
    const bearer = (token: string | undefined) => token !== undefined && auth === `Bearer ${token}`;
    if (bearer(method === CONNECTIONS_OPEN ? this.opts.appToken : this.opts.botToken)) return undefined;
    return bearer(this.opts.appToken) || bearer(this.opts.botToken) ? 'not_allowed_token_type' : 'invalid_auth';
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
