import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Authenticator, Identity } from '../core/identity.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import type { Logger } from '../util/log.js';
import { registerAuditRoutes, type AuditReader } from './audit-routes.js';
import { bearerToken, inAnyGroup } from './bearer.js';
import { HttpError } from './http-error.js';
import { registerProbeRoutes, type ReadinessCheck } from './probe-routes.js';
import { checkDeclaredLength, MAX_BODY_BYTES, readBody } from './read-body.js';
import { RouteTable } from './route-table.js';
import type { Handler, RequestContext, RouteOptions } from './route-types.js';
import { sendError, sendReply } from './send-reply.js';

export interface HttpServerDeps {
  readonly authenticator: Authenticator;
  readonly audit: AuditReader;
  /** Identity groups allowed to export and verify the audit trail. */
  readonly auditReaders: readonly string[];
  readonly metrics: GatewayMetrics;
  readonly readiness: readonly ReadinessCheck[];
  readonly log: Logger;
}

export interface HttpServer {
  /** Adds a route; `path` may hold `:name` parameters. Routes are tried in registration order. */
  route(method: string, path: string, handler: Handler, opts?: RouteOptions): void;
  /** Resolves with the bound port (useful with port 0). */
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, drops idle keep-alive connections, and resolves once in-flight requests finish. */
  close(): Promise<void>;
}

interface Route {
  readonly handler: Handler;
  readonly auth: RouteOptions['auth'];
}

/** For logs: the query string may carry caller input, the path never carries secrets. */
function pathOf(req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] as string;
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://airlock.invalid');
  } catch {
    throw new HttpError(400, 'malformed request URL');
  }
}

const UNAUTHENTICATED = { 'www-authenticate': 'Bearer realm="airlock"' };

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const log = deps.log.child({ component: 'http' });
  const routes = new RouteTable<Route>();

  const authenticate = async (req: IncomingMessage, auth: RouteOptions['auth']): Promise<Identity | null> => {
    if (auth === false) return null;
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new HttpError(401, 'missing bearer token', UNAUTHENTICATED);
    const result = await deps.authenticator.authenticate(token);
    // The authenticator's reason is kept for the log only: it could help a caller probe for valid tokens.
    if (!result.ok) {
      log.info('bearer token rejected', { path: pathOf(req), reason: result.reason });
      throw new HttpError(401, 'invalid bearer token', UNAUTHENTICATED);
    }
    const groups = auth?.groups;
    if (!inAnyGroup(result.identity, groups)) {
      const why = groups?.length
        ? `${result.identity.name} must be in one of the groups: ${groups.join(', ')}`
        : 'no group is allowed to use this route';
      throw new HttpError(403, `forbidden: ${why}`);
    }
    return result.identity;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = requestUrl(req);
    const method = req.method ?? 'GET';
    const found = routes.match(method, url.pathname);
    if (found.kind === 'not-found') return sendError(res, 404, `no route for ${method} ${url.pathname}`);
    if (found.kind === 'method-not-allowed') {
      return sendError(res, 405, `${method} is not allowed on ${url.pathname}`, { allow: found.allow.join(', ') });
    }
    checkDeclaredLength(req, MAX_BODY_BYTES);
    const { handler, auth } = found.value;
    const identity = await authenticate(req, auth);
    let body: Promise<Buffer> | undefined;
    const ctx: RequestContext = {
      method,
      path: url.pathname,
      query: url.searchParams,
      params: found.params,
      headers: req.headers,
      identity,
      req,
      res,
      body: () => (body ??= readBody(req, MAX_BODY_BYTES)),
      json: async () => {
        const raw = await ctx.body();
        try {
          return JSON.parse(raw.toString('utf8')) as unknown;
        } catch {
          throw new HttpError(400, 'request body is not valid JSON');
        }
      },
    };
    const reply = await handler(ctx);
    if (reply) await sendReply(res, reply);
    else if (!res.headersSent) res.writeHead(204).end();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        // Too late for a status code: cut the response so the client sees it as incomplete, not as whole.
        log.warn('response failed midway', { path: pathOf(req), error: err });
        res.destroy();
      } else if (err instanceof HttpError) {
        sendError(res, err.status, err.message, err.headers);
      } else {
        log.error('request failed', { method: req.method, path: pathOf(req), error: err });
        sendError(res, 500, 'internal error');
      }
    });
  });

  const api: HttpServer = {
    route(method, path, handler, opts = {}) {
      routes.add(method, path, { handler, auth: opts.auth });
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const bound = (server.address() as AddressInfo).port;
          log.info('http listening', { host, port: bound });
          resolve(bound);
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
    },
  };

  registerProbeRoutes(api, deps.metrics, deps.readiness);
  registerAuditRoutes(api, deps.audit, deps.auditReaders);
  return api;
}
