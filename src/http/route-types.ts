import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from '../core/identity.js';

/** What a route handler sees of one request. */
export interface RequestContext {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Values of the route's `:name` segments, URI-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  /** The caller, established by its bearer token; null only on routes registered with `auth: false`. */
  readonly identity: Identity | null;
  /** The raw body, read on first call (size-limited, 413 beyond the limit); later calls return the same bytes. */
  body(): Promise<Buffer>;
  /** The body parsed as JSON; 400 when it is not JSON. */
  json(): Promise<unknown>;
  /** For handlers that must write the response themselves; return nothing after using it. */
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

interface ReplyBase {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What a handler returns; the server writes it. Returning nothing means 204, unless the handler already responded. */
export type Reply =
  | (ReplyBase & { readonly json: unknown })
  | (ReplyBase & { readonly text: string; readonly contentType?: string })
  /** Written with backpressure; the iterator is closed when the client goes away. */
  | (ReplyBase & { readonly stream: AsyncIterable<string | Buffer>; readonly contentType: string });

export type Handler = (ctx: RequestContext) => Reply | void | Promise<Reply | void>;

export interface RouteOptions {
  /**
   * Default: any authenticated identity. `{ groups }`: the identity must be in at least one of them.
   * `false`: no authentication (probes, webhooks that verify their own signatures).
   */
  readonly auth?: { readonly groups?: readonly string[] } | false;
}
