import { Redis, type RedisOptions } from 'ioredis';
import { GatewayError } from '../core/errors.js';

/** Bound on any single Redis command, so a hung server fails requests instead of holding them. */
export const COMMAND_TIMEOUT_MS = 2000;

export class ApprovalsUnavailableError extends GatewayError {
  constructor() {
    super('approvals are unavailable: Redis is unreachable', 'unavailable');
    this.name = 'ApprovalsUnavailableError';
  }
}

/**
 * Options for our own (non-blocking) connections. No offline queue: while Redis is away a command
 * fails at once instead of waiting for a reconnect, so a held statement is refused promptly (fail
 * closed). ioredis keeps reconnecting in the background, so the next request works once Redis is back.
 */
const FAIL_FAST: RedisOptions = {
  lazyConnect: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: COMMAND_TIMEOUT_MS,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
};

/** Connects a fail-fast client; rejects with ApprovalsUnavailableError when Redis cannot be reached now. */
export async function connectFailFast(url: string, opts: { commandTimeout: boolean }): Promise<Redis> {
  const client = new Redis(url, { ...FAIL_FAST, ...(opts.commandTimeout ? { commandTimeout: COMMAND_TIMEOUT_MS } : {}) });
  // Failures surface as rejected commands; without a listener ioredis also prints every reconnect error.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch {
    client.disconnect();
    throw new ApprovalsUnavailableError();
  }
}

/** Connection options for BullMQ workers, which own their (blocking) connections and must retry forever. */
export const workerConnection = (url: string) => ({ url, maxRetriesPerRequest: null });
