import { GatewayError } from '../../../core/errors.js';

/**
 * Why the gateway could not open (or cancel on) its upstream connection. The message is safe for logs
 * and for the agent: it names host:port and what the server said, never the stored credential.
 */
export class UpstreamError extends GatewayError {
  constructor(
    message: string,
    category: 'unavailable' | 'protocol',
    /** SQLSTATE when the upstream server itself refused (28P01, 3D000, …). */
    readonly code?: string,
  ) {
    super(message, category);
    this.name = 'UpstreamError';
  }
}

/** Wraps a socket-level failure (refused, reset, TLS) unless it is already one of ours. */
export function asUpstreamError(err: unknown, where: string): UpstreamError {
  if (err instanceof UpstreamError) return err;
  // Node's socket errors carry a code (ECONNREFUSED, ENOTFOUND, ETIMEDOUT…) that says it all.
  const e = err as Partial<NodeJS.ErrnoException> | undefined;
  return new UpstreamError(`cannot reach upstream ${where}: ${e?.code ?? e?.message ?? String(err)}`, 'unavailable');
}
