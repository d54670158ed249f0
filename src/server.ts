import type { Writable } from 'node:stream';
import { createSecureContext } from 'node:tls';
import type { AirlockConfig, PostgresConnectionConfig } from './config/types.js';
import type { Identity } from './core/identity.js';
import { openAuditTrail } from './audit/open-audit.js';
import { ConsoleChannel } from './bot/console/console-channel.js';
import { PostgresListener } from './gateway/postgres/listener.js';
import type { SqlJudge } from './gateway/postgres/statement-judge.js';
import { createHttpServer } from './http/http-server.js';
import { gatewayAuthenticator } from './identity/gateway-authenticator.js';
import { GatewayMetrics } from './observability/metrics.js';
import { loadSqlParser } from './policy/sql/parser.js';
import { preparedStatementOps, SqlPolicy } from './policy/sql-policy.js';
import { superviseApprovals } from './queue/approvals-supervisor.js';
import { connectionGate } from './queue/connection-gate.js';
import { transitionEvent } from './queue/transition-event.js';
import { registerReviewRoutes } from './http/review-routes.js';
import { createLogger, type Logger } from './util/log.js';
import { SlackBot } from './bot/slack/slack-bot.js';
import { TeamsBot } from './bot/teams/teams-bot.js';
import type { ApprovalRequest } from './core/approval.js';
import type { Verdict } from './core/verdict.js';
import type { SessionSummary } from './core/session-summary.js';
import { reviewerDirectory } from './identity/reviewer-directory.js';
import { LearnedReviewers } from './identity/learned-reviewers.js';
import { rememberingAuthenticator } from './identity/remembering-authenticator.js';
import { registerWhoamiRoute } from './http/whoami-route.js';
import { DEFAULT_REVIEWER_TTL_MS } from './config/types.js';
import { dayDigest } from './audit/digest/day-digest.js';
import { previousDay } from './audit/digest/zoned-day.js';
import { registerDigestPost } from './http/digest-post-route.js';
import { registerSessionRoutes } from './http/session-routes.js';
import { registerAuditPrune } from './http/audit-prune-route.js';
import { Masker } from './masking/masker.js';
import { CatalogCache } from './gateway/postgres/masking/catalog-cache.js';

/** "08:30" → the cron pattern for that minute every day. */
const cronAt = (at: string) => {
  const [h, m] = at.split(':');
  return `${Number(m)} ${Number(h)} * * *`;
};


export interface StartOptions {
  readonly log?: Logger;
  /** Where the console review channel writes (stdout by default). */
  readonly consoleOut?: Writable;
  /** Also told each agent session's summary when it ends (for embedding and tests). */
  readonly onSessionEnd?: (summary: SessionSummary) => void;
}

export interface RunningGateway {
  /** Bound ports (useful when the config asks for port 0). */
  readonly ports: { readonly http: number; readonly postgres?: number };
  /** Drains agent sessions, then stops the HTTP surface and flushes the audit trail. */
  close(graceMs?: number): Promise<void>;
}

/** The composition root: builds every part from the config and owns the start and stop order. */
export async function startGateway(config: AirlockConfig, opts: StartOptions = {}): Promise<RunningGateway> {
  const log = (opts.log ?? createLogger()).child({ gateway: config.gateway.id });
  await loadSqlParser();
  const audit = await openAuditTrail(config.audit, { chain: config.gateway.id, log });
  const authenticator = gatewayAuthenticator(config.identity);
  // Reviewers signing in to the review API with IdP tokens are remembered, so chat clicks map to them.
  const oidc = config.identity.oidc;
  const learned = oidc && new LearnedReviewers({ redisUrl: config.redis.url, prefix: config.redis.prefix, ttlMs: oidc.reviewerTtl ?? DEFAULT_REVIEWER_TTL_MS });
  const metrics = new GatewayMetrics();
  metrics.watchAudit(() => audit.stats());

  const slack = config.channels.slack ? new SlackBot({ config: config.channels.slack, redisUrl: config.redis.url, prefix: config.redis.prefix, log }) : undefined;
  const teams = config.channels.teams ? new TeamsBot({ config: config.channels.teams, redisUrl: config.redis.url, prefix: config.redis.prefix, log }) : undefined;
  const digest = config.audit.digest;
  const approvals = superviseApprovals({
    redisUrl: config.redis.url,
    gatewayId: config.gateway.id,
    prefix: config.redis.prefix,
    log,
    channels: [opts.consoleOut ? new ConsoleChannel(opts.consoleOut) : new ConsoleChannel(), ...(slack ? [slack.channel] : []), ...(teams ? [teams.channel] : [])],
    // Awaited by the approvals module: a transition is durable before anyone is told about it.
    onTransition: (t) => audit.record(transitionEvent(t)).catch((err: unknown) => log.error('could not record an approval transition', { id: t.id, error: err })),
    ...(digest && {
      digest: {
        schedule: { pattern: cronAt(digest.at), tz: digest.timeZone },
        build: (tick: Date) => dayDigest(audit, previousDay(tick, digest.timeZone)),
      },
    }),
  });

  const policies = new Map(Object.entries(config.policies).map(([name, p]) => [name, new SqlPolicy(p)]));
  const judgeFor = (connection: PostgresConnectionConfig, identity: Identity): SqlJudge => {
    const policy = policies.get(connection.policy);
    // The config loader checks references, so this only guards against a programming error.
    if (!policy) throw new Error(`connection ${connection.name} names unknown policy ${connection.policy}`);
    const ctx = { identity, connection: connection.name };
    return {
      judge: (sql) => policy.judge(sql, ctx),
      judgeBind: (sql, params) => policy.judgeBind(sql, params, ctx),
      preparedOps: preparedStatementOps,
      fingerprint: (sql) => policy.fingerprint(sql),
    };
  };

  const pgConnections = new Map(
    config.connections.filter((c): c is PostgresConnectionConfig => c.type === 'postgres').map((c) => [c.name, c]),
  );
  /** A reviewer's replacement text, judged as if the requester had sent it. */
  const reclassify = (request: ApprovalRequest, command: string): Verdict => {
    const connection = pgConnections.get(request.connection);
    if (!connection) return { action: 'deny', reasons: [`connection ${request.connection} is not served by this gateway`], tables: [], kinds: [] };
    return judgeFor(connection, { ...request.identity, source: 'token' }).judge(command);
  };
  const maskers = new Map(Object.entries(config.masking).map(([name, set]) => [name, new Masker(set)]));
  const masking = new Map(
    [...pgConnections.values()].flatMap((c) => {
      const masker = c.mask === undefined ? undefined : maskers.get(c.mask);
      return masker ? [[c.name, { masker, catalogs: new CatalogCache(c.upstream, masker) }] as const] : [];
    }),
  );
  const pgListenerConfig = config.listeners.postgres;
  const postgres = pgListenerConfig
    ? new PostgresListener({
        gatewayId: config.gateway.id,
        authenticator,
        scramCredential: (user) => authenticator.scramCredential(user),
        connections: pgConnections,
        judgeFor,
        audit,
        metrics,
        masking,
        ...(config.identity.oidc?.recheckEvery !== undefined && { recheckEveryMs: config.identity.oidc.recheckEvery }),
        onSessionEnd: (summary) => {
          opts.onSessionEnd?.(summary);
          // Sessions that did nothing (health checks, a connect and quit) are not worth an audit post.
          if (Object.values(summary.counts).some((n) => n > 0)) void approvals.current()?.announceSessionEnd(summary);
        },
        approvalsFor: (connection) => {
          const policy = config.policies[connection.policy];
          return policy ? connectionGate(approvals.current, policy.approvals, connection, log) : undefined;
        },
        log: log.child({ component: 'postgres' }),
        ...(pgListenerConfig.tls ? { tls: createSecureContext({ cert: pgListenerConfig.tls.cert, key: pgListenerConfig.tls.key }) } : {}),
      })
    : undefined;

  let listening = false;
  const http = createHttpServer({
    authenticator: learned ? rememberingAuthenticator(authenticator, learned, log) : authenticator,
    audit,
    auditReaders: config.audit.readers,
    metrics,
    readiness: [
      { name: 'audit', check: () => audit.accepting },
      { name: 'listeners', check: () => listening },
    ],
    log,
  });

  try {
    registerReviewRoutes(http, approvals.backend);
    registerWhoamiRoute(http, learned);
    registerDigestPost(http, audit, config.audit.readers, (d) => approvals.backend.announceDigest(d));
    registerSessionRoutes(http, audit, config.audit.readers);
    registerAuditPrune(http, audit, config.audit);
    const directory = reviewerDirectory(config.identity, learned);
    await slack?.listen({ http, approvals: approvals.backend, directory, reclassify });
    teams?.listen({ http, approvals: approvals.backend, directory, reclassify });
    const httpPort = await http.listen(config.gateway.http.port, config.gateway.http.host);
    const pgPort = postgres && pgListenerConfig ? await postgres.listen(pgListenerConfig.port, pgListenerConfig.host) : undefined;
    listening = true;
    log.info('gateway started', { http: httpPort, postgres: pgPort, connections: config.connections.map((c) => c.name) });
    return {
      ports: { http: httpPort, ...(pgPort !== undefined ? { postgres: pgPort } : {}) },
      async close(graceMs) {
        listening = false;
        log.info('gateway stopping: draining sessions');
        await postgres?.close(graceMs);
        await http.close();
        await slack?.close();
        teams?.close();
        learned?.close();
        await approvals.close();
        await audit.close();
        log.info('gateway stopped');
      },
    };
  } catch (err) {
    await postgres?.close(0).catch(() => undefined);
    await http.close().catch(() => undefined);
    await slack?.close();
    teams?.close();
    learned?.close();
    await approvals.close();
    await audit.close();
    throw err;
  }
}
