import { AgentApplication, type AuthConfiguration, CloudAdapter, type ConnectorClient, ConnectorClient as Connector, type TurnContext } from '@microsoft/agents-hosting';
import { Redis } from 'ioredis';
import type { TeamsChannelConfig } from '../../config/types.js';
import type { ApprovalRequest } from '../../core/approval.js';
import type { Verdict } from '../../core/verdict.js';
import type { HttpServer } from '../../http/http-server.js';
import type { ReviewBackend } from '../../http/review-routes.js';
import type { ReviewerDirectory } from '../../identity/reviewer-directory.js';
import type { Logger } from '../../util/log.js';
import type { AdaptiveCard } from './card-kit.js';
import { answerCardAction, noticeCard } from './card-actions.js';
import { entraTokenProvider, singleConnection } from './entra-token-provider.js';
import { TeamsChannel } from './teams-channel.js';
import { TeamsReviewers } from './teams-reviewers.js';
import { ALL_VERBS } from './verbs.js';
import { webResponse } from './web-response.js';

/** Where Teams (the Bot Connector) posts activities and card actions (CONTRACT.md). */
export const TEAMS_MESSAGES_PATH = '/api/messages';
/** The Bot Connector's token audience. */
const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com';

export interface TeamsBotOptions {
  readonly config: TeamsChannelConfig;
  readonly redisUrl: string;
  /** Key prefix shared with the approvals core. */
  readonly prefix: string;
  readonly log: Logger;
}

export interface TeamsReviewDeps {
  readonly http: HttpServer;
  readonly approvals: ReviewBackend;
  readonly directory: ReviewerDirectory;
  readonly reclassify: (request: ApprovalRequest, command: string) => Verdict;
}

/**
 * The Teams side of Airlock, on the Microsoft 365 Agents SDK: `channel` posts and repaints Adaptive
 * Cards through the Bot Connector (from the notify queue), and `listen` takes card actions on the
 * gateway's `POST /api/messages`, where the SDK validates each request's JWT (issuer, audience = app
 * id, signing keys from the authority's metadata, expiry) before anything reads it.
 */
export class TeamsBot {
  readonly channel: TeamsChannel;
  private readonly adapter: CloudAdapter;
  private readonly redis: Redis;

  constructor(private readonly opts: TeamsBotOptions) {
    const { config } = opts;
    // validateIssuer: the SDK leaves issuer checks off unless asked; Airlock fails closed.
    const auth: AuthConfiguration = { clientId: config.appId, clientSecret: config.appPassword, tenantId: config.tenantId, authority: config.authority, validateIssuer: true };
    const provider = entraTokenProvider(config);
    this.adapter = new CloudAdapter(auth);
    this.adapter.connectionManager = singleConnection(auth, provider);
    // Card references only; a command that fails while Redis is away fails the delivery, which the queue retries.
    this.redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.redis.on('error', (err) => opts.log.debug('teams card store: redis error', { err }));
    this.channel = new TeamsChannel({
      connector: () => Connector.createClientWithAuth(config.serviceUrl, auth, provider, BOT_FRAMEWORK_SCOPE),
      redis: this.redis,
      prefix: opts.prefix,
      config,
      log: opts.log.child({ component: 'teams' }),
    });
  }

  /** Starts taking card actions on the gateway's HTTP server. */
  listen(deps: TeamsReviewDeps): void {
    const log = this.opts.log.child({ component: 'teams' });
    const reviewers = new TeamsReviewers(deps.directory);
    const app = new AgentApplication({ adapter: this.adapter });
    app.adaptiveCards.actionExecute<Record<string, unknown>>([...ALL_VERBS], async (turn: TurnContext, _state, action): Promise<AdaptiveCard> => {
      const a = turn.activity;
      const tenant = a.conversation?.tenantId;
      if (tenant !== undefined && tenant !== this.opts.config.tenantId) return noticeCard('This Airlock gateway serves another Microsoft 365 tenant.');
      const connector = turn.turnState.get<ConnectorClient>(this.adapter.ConnectorClientKey);
      const clicker = { id: a.from?.id ?? '', ...(a.from?.aadObjectId !== undefined && { aadObjectId: a.from.aadObjectId }), conversation: a.conversation?.id ?? '' };
      const verb = typeof action.verb === 'string' ? action.verb : '';
      const data = typeof action.data === 'object' && action.data !== null ? (action.data as Record<string, unknown>) : {};
      return answerCardAction({ approvals: deps.approvals, reviewers, reclassify: deps.reclassify, log }, connector, clicker, verb, data);
    });
    deps.http.route(
      'POST',
      TEAMS_MESSAGES_PATH,
      async (ctx) => {
        const req = { method: 'POST', headers: ctx.headers, body: (await ctx.json()) as Record<string, unknown> };
        const res = webResponse(ctx.res);
        let authorized = false;
        // The SDK answers 401 itself when the JWT does not hold.
        await this.adapter.authorizeRequest(req, res, () => {
          authorized = true;
        });
        if (authorized) await this.adapter.process(req, res, (turn) => app.run(turn));
      },
      { auth: false },
    );
  }

  close(): void {
    this.redis.disconnect();
  }
}
