import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { Redis } from 'ioredis';
import type { SlackChannelConfig } from '../../config/types.js';
import type { ApprovalRequest } from '../../core/approval.js';
import type { Verdict } from '../../core/verdict.js';
import type { ReviewBackend } from '../../http/review-routes.js';
import type { HttpServer } from '../../http/http-server.js';
import type { ReviewerDirectory } from '../../identity/reviewer-directory.js';
import type { Logger } from '../../util/log.js';
import { boltLogger } from './bolt-logger.js';
import { ReviewDesk } from './review-desk.js';
import { SlackChannel } from './slack-channel.js';
import { registerSlackHandlers } from './slack-handlers.js';
import { SlackReviewers } from './slack-reviewers.js';

/** Where Slack posts events, interactivity and slash commands in HTTP mode (CONTRACT.md). */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackBotOptions {
  readonly config: SlackChannelConfig;
  readonly redisUrl: string;
  /** Key prefix shared with the approvals core. */
  readonly prefix: string;
  readonly log: Logger;
}

export interface SlackReviewDeps {
  readonly http: HttpServer;
  readonly approvals: ReviewBackend;
  readonly directory: ReviewerDirectory;
  readonly reclassify: (request: ApprovalRequest, command: string) => Verdict;
}

/**
 * The Slack side of Airlock: `channel` posts and repaints cards (from the notify queue), and
 * `listen` takes reviewers' clicks, in HTTP mode on the gateway's own `POST /slack/events` or in
 * Socket Mode over an outbound WebSocket. Both modes share every handler.
 */
export class SlackBot {
  readonly channel: SlackChannel;
  private readonly client: WebClient;
  private readonly redis: Redis;
  private app: App | undefined;

  constructor(private readonly opts: SlackBotOptions) {
    this.client = new WebClient(opts.config.botToken, {
      ...(opts.config.apiUrl !== undefined && { slackApiUrl: opts.config.apiUrl }),
      // The notify queue retries with backoff; WebClient itself waits out a 429's Retry-After.
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
      logger: boltLogger(opts.log),
    });
    // Card references only; a command that fails while Redis is away fails the delivery, which the queue retries.
    this.redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.redis.on('error', (err) => opts.log.debug('slack card store: redis error', { err }));
    this.channel = new SlackChannel({
      client: this.client,
      redis: this.redis,
      prefix: opts.prefix,
      approvalsChannel: opts.config.approvals,
      ...(opts.config.audit !== undefined && { auditChannel: opts.config.audit }),
      ...(opts.config.digest !== undefined && { digestChannel: opts.config.digest }),
      ...(opts.config.oncall !== undefined && { oncall: opts.config.oncall }),
      log: opts.log.child({ component: 'slack' }),
    });
  }

  /** Starts taking interactions. In Socket Mode this connects to Slack and rejects when it cannot. */
  async listen(deps: SlackReviewDeps): Promise<void> {
    const { config, log } = this.opts;
    const logger = boltLogger(log.child({ component: 'slack' }));
    const clientOptions = config.apiUrl !== undefined ? { slackApiUrl: config.apiUrl } : {};
    const http = config.appToken === undefined ? new HTTPReceiver({ signingSecret: config.signingSecret ?? '', endpoints: SLACK_EVENTS_PATH, logger }) : undefined;
    const receiver = http ?? new SocketModeReceiver({ appToken: config.appToken ?? '', logger, installerOptions: { clientOptions } });
    // A fixed bot token: one workspace, so no auth.test round trip (and no start-up dependency on Slack).
    const app = new App({ receiver, authorize: async () => ({ botToken: config.botToken }), clientOptions, logger, ignoreSelf: false });
    const reviewers = new SlackReviewers(this.client, deps.directory);
    registerSlackHandlers(app, new ReviewDesk({ client: this.client, approvals: deps.approvals, reviewers, reclassify: deps.reclassify, log }));
    app.error(async (err) => log.error('slack handler failed', { error: err }));
    this.app = app;
    if (http) {
      deps.http.route(
        'POST',
        SLACK_EVENTS_PATH,
        // Bolt verifies the signature and timestamp itself and answers on the raw response.
        (ctx) => new Promise<void>((resolve) => {
          ctx.res.once('close', resolve);
          http.requestListener(ctx.req, ctx.res);
        }),
        { auth: false },
      );
    } else {
      await app.start();
    }
  }

  async close(): Promise<void> {
    if (this.opts.config.appToken !== undefined) await this.app?.stop().catch(() => undefined);
    this.redis.disconnect();
  }
}
