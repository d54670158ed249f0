import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from 'jose';
import { selfSigned } from '../certificates.js';
import { RateLimiter } from '../rate-limiter.js';
import { activityProblems } from './card-rules.js';

// Teams cannot be reached from tests, so this stands in for the two Microsoft services the bot
// talks to, over TLS on one port: Entra (OpenID metadata, the client-credentials token endpoint and
// the signing keys) and the Bot Connector (post, update, roster). The real Agents SDK and MSAL talk
// to it; it checks every bearer token it issued, enforces Teams' message size, card rules and
// per-conversation rate limit, and signs the card actions it sends the gateway with a key the
// gateway only knows from the published JWKS.

export interface TeamsUser {
  /** The Teams user id (29:…), as `from.id`. */
  readonly id: string;
  readonly aadObjectId: string;
  readonly upn: string;
  readonly name: string;
}

export interface StandInOptions {
  readonly appId: string;
  readonly appPassword: string;
  readonly tenantId: string;
  /** Conversations the bot may post to; others answer 403 as for a channel the bot is not in. */
  readonly conversations: readonly string[];
  readonly users: readonly TeamsUser[];
}

type Json = Record<string, unknown>;

/** One message the bot posted: a channel post, or a reply in a post's reply chain. */
export interface Posted {
  readonly id: string;
  readonly conversation: string;
  /** For replies: the id of the post they answer. */
  readonly replyTo?: string;
  activity: Json;
  updates: number;
}

/** What the bot got back for one card action. */
export interface InvokeAnswer {
  readonly status: number;
  readonly body: Json;
}

/** How a test spoils the token on a card action, to prove the gateway checks it. */
export interface TokenTampering {
  readonly audience?: string;
  readonly expired?: boolean;
  /** Signed with a key the JWKS does not publish. */
  readonly rogueKey?: boolean;
  /** The activity comes from a user in another tenant (the token itself still holds). */
  readonly tenantId?: string;
}

const BOT_SCOPE = 'https://api.botframework.com';
/** Teams' published per-thread limits are 7 messages a second and 60 in 30 s per bot. */
const THREAD_LIMIT = { perSecond: 2, burst: 7, per: 'channel' as const };

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers });
  res.end(body === undefined ? undefined : JSON.stringify(body));
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export class TeamsStandIn {
  readonly posted: Posted[] = [];
  /** Every 4xx/5xx the stand-in answered, with why. */
  readonly refusals: { readonly path: string; readonly status: number; readonly why: string }[] = [];
  readonly url: string;
  /** PEM of the TLS certificate, for NODE_EXTRA_CA_CERTS. */
  readonly caFile: string;
  private readonly limiter = new RateLimiter({ post: THREAD_LIMIT });
  private readonly throttles: number[] = [];
  private tokensIssued = 0;

  private constructor(
    private readonly server: Server,
    private readonly opts: StandInOptions,
    private readonly keys: { readonly token: CryptoKey; readonly tokenPublic: CryptoKey; readonly channel: CryptoKey; readonly rogue: CryptoKey; readonly jwks: JWK[] },
    port: number,
    caFile: string,
  ) {
    this.url = `https://127.0.0.1:${port}`;
    this.caFile = caFile;
  }

  static async start(opts: StandInOptions): Promise<TeamsStandIn> {
    const dir = await mkdtemp(join(tmpdir(), 'teams-standin-'));
    const tls = selfSigned(dir, 'teams-standin', 'IP:127.0.0.1');
    const [token, channel, rogue] = await Promise.all([1, 2, 3].map(() => generateKeyPair('RS256', { extractable: true })));
    const jwks = await Promise.all(
      [
        ['token', token!.publicKey],
        ['channel', channel!.publicKey],
      ].map(async ([kid, key]) => ({ ...(await exportJWK(key as CryptoKey)), kid: kid as string, use: 'sig', alg: 'RS256' })),
    );
    const server = createServer({ cert: tls.pem, key: tls.keyPem });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const standin = new TeamsStandIn(server, opts, { token: token!.privateKey, tokenPublic: token!.publicKey, channel: channel!.privateKey, rogue: rogue!.privateKey, jwks }, (server.address() as AddressInfo).port, tls.certFile);
    server.on('request', (req, res) => {
      standin.handle(req, res).catch((err: unknown) => send(res, 500, { error: { code: 'ServiceError', message: String(err) } }));
    });
    return standin;
  }

  /** The issuer of every token here, as Entra names a tenant's v2 issuer. */
  get issuer(): string {
    return `${this.url}/${this.opts.tenantId}/v2.0`;
  }

  get serviceUrl(): string {
    return `${this.url}/`;
  }

  /** How many access tokens the bot fetched (MSAL caches them, so a handful at most). */
  get tokenCount(): number {
    return this.tokensIssued;
  }

  /** The next `n` posts or updates answer 429 with `Retry-After: seconds`. */
  throttleNext(n: number, seconds: number): void {
    for (let i = 0; i < n; i++) this.throttles.push(seconds);
  }

  /** Channel posts (not replies) in `conversation`. */
  posts(conversation: string): Posted[] {
    return this.posted.filter((p) => p.conversation === conversation && p.replyTo === undefined);
  }

  /** Someone deletes a post in Teams: later updates of it answer 404. */
  remove(post: Posted): void {
    this.posted.splice(this.posted.indexOf(post), 1);
  }

  replies(post: Posted): Posted[] {
    return this.posted.filter((p) => p.replyTo === post.id);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Teams sending the gateway an `Action.Execute` from the card `post`: an invoke activity from
   * `user`, with the action's data merged with its inputs, signed like the channel signs it.
   */
  async invoke(gatewayUrl: string, user: TeamsUser, post: Posted, verb: string, data: Json, tampering: TokenTampering = {}): Promise<InvokeAnswer> {
    const channel = post.conversation;
    const tenantId = tampering.tenantId ?? this.opts.tenantId;
    const activity = {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      from: { id: user.id, aadObjectId: user.aadObjectId, name: user.name },
      recipient: { id: `28:${this.opts.appId}`, name: 'Airlock' },
      conversation: { id: `${channel};messageid=${post.id}`, conversationType: 'channel', isGroup: true, tenantId },
      replyToId: post.id,
      channelData: { tenant: { id: tenantId }, channel: { id: channel } },
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    };
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ serviceurl: this.serviceUrl, tid: this.opts.tenantId })
      .setProtectedHeader({ alg: 'RS256', kid: 'channel', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(tampering.audience ?? this.opts.appId)
      .setIssuedAt(tampering.expired ? now - 7200 : now)
      .setNotBefore(tampering.expired ? now - 7200 : now - 5)
      .setExpirationTime(tampering.expired ? now - 3600 : now + 300)
      .sign(tampering.rogueKey ? this.keys.rogue : this.keys.channel);
    const res = await fetch(`${gatewayUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  }

  private refuse(res: ServerResponse, path: string, status: number, why: string, code: string, headers: Record<string, string> = {}): void {
    this.refusals.push({ path, status, why });
    send(res, status, { error: { code, message: why } }, headers);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.url).pathname;
    const tenant = `/${this.opts.tenantId}`;
    if (req.method === 'GET' && path === `${tenant}/v2.0/.well-known/openid-configuration`) {
      const base = `${this.url}${tenant}`;
      return send(res, 200, {
        issuer: this.issuer,
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      });
    }
    if (req.method === 'GET' && path === `${tenant}/discovery/v2.0/keys`) return send(res, 200, { keys: this.keys.jwks });
    if (req.method === 'POST' && path === `${tenant}/oauth2/v2.0/token`) return this.token(req, res, path);
    const m = /^\/v3\/conversations\/([^/]+)\/(activities|members)(?:\/([^/]+))?$/.exec(path);
    if (!m) return this.refuse(res, path, 404, 'no such endpoint', 'NotFound');
    if (!(await this.authorized(req))) return this.refuse(res, path, 401, 'missing or invalid bearer token', 'Unauthorized');
    const conversation = decodeURIComponent(m[1]!);
    if (m[2] === 'members' && req.method === 'GET') return this.member(res, path, decodeURIComponent(m[3] ?? ''));
    if (m[2] === 'activities' && (req.method === 'POST' || req.method === 'PUT')) return this.activity(req, res, path, conversation, m[3] && decodeURIComponent(m[3]));
    return this.refuse(res, path, 405, 'method not allowed', 'MethodNotAllowed');
  }

  private async token(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString());
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.opts.appId || form.get('client_secret') !== this.opts.appPassword) {
      return this.refuse(res, path, 401, 'AADSTS7000215: Invalid client secret provided.', 'invalid_client');
    }
    if (form.get('scope') !== `${BOT_SCOPE}/.default`) return this.refuse(res, path, 400, `AADSTS70011: invalid scope ${form.get('scope')}`, 'invalid_scope');
    this.tokensIssued++;
    const access = await new SignJWT({ appid: this.opts.appId, tid: this.opts.tenantId })
      .setProtectedHeader({ alg: 'RS256', kid: 'token', typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(BOT_SCOPE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.keys.token);
    send(res, 200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: access });
  }

  private async authorized(req: IncomingMessage): Promise<boolean> {
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer) return false;
    try {
      const { payload } = await jwtVerify(bearer, this.keys.tokenPublic, { issuer: this.issuer, audience: BOT_SCOPE });
      return payload.appid === this.opts.appId;
    } catch {
      return false;
    }
  }

  private member(res: ServerResponse, path: string, userId: string): void {
    const user = this.opts.users.find((u) => u.id === userId);
    if (!user) return this.refuse(res, path, 404, 'The specified user is not a member of this conversation', 'MemberNotFoundInConversation');
    send(res, 200, { id: user.id, name: user.name, aadObjectId: user.aadObjectId, userPrincipalName: user.upn, email: user.upn, tenantId: this.opts.tenantId, userRole: 'user' });
  }

  private async activity(req: IncomingMessage, res: ServerResponse, path: string, conversation: string, activityId: string | undefined): Promise<void> {
    const raw = await readBody(req);
    const [channel, thread] = conversation.split(';messageid=');
    if (!this.opts.conversations.includes(channel!)) return this.refuse(res, path, 403, 'The bot is not part of the conversation roster.', 'BotNotInConversationRoster');
    const throttle = this.throttles.shift();
    if (throttle !== undefined) return this.refuse(res, path, 429, 'throttled by the test', 'Throttled', { 'retry-after': String(throttle) });
    const wait = this.limiter.take('post', conversation);
    if (wait > 0) return this.refuse(res, path, 429, 'too many messages in this conversation', 'Throttled', { 'retry-after': String(wait) });
    const activity = JSON.parse(raw.toString()) as Json;
    const { status, problems } = activityProblems(activity, raw.length);
    if (status !== 200) return this.refuse(res, path, status, problems.join('; '), status === 413 ? 'MessageSizeTooBig' : 'BadArgument');
    if (activityId !== undefined) {
      const post = this.posted.find((p) => p.id === activityId && p.conversation === channel);
      if (!post) return this.refuse(res, path, 404, 'no such activity', 'ActivityNotFoundInConversation');
      post.activity = activity;
      post.updates++;
      return send(res, 200, { id: activityId });
    }
    const id = `${Date.now()}${randomBytes(2).readUInt16BE()}`;
    this.posted.push({ id, conversation: channel!, ...(thread !== undefined && { replyTo: thread }), activity, updates: 0 });
    send(res, 201, { id });
  }
}
