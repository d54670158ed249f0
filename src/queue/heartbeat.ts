import type { Redis } from 'ioredis';
import type { Logger } from '../util/log.js';

/**
 * Keeps `<prefix>:gateway:<id>:alive` present while this instance runs. When it lapses (the process
 * died or lost Redis for longer than the TTL), other instances' sweep cancels the requests it held.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly everyMs: number,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  /** Resolves after the first beat, so requests created right after open are not swept as orphans. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch((err: unknown) => this.log.warn('heartbeat failed', { err })), this.everyMs);
    this.timer.unref();
  }

  /**
   * Stops beating. The key is left to lapse: a closed instance and a crashed one look the same, and
   * whatever it still held is cancelled by the sweep once the TTL has passed.
   */
  stop(): void {
    clearInterval(this.timer);
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.key, Date.now(), 'PX', this.ttlMs);
  }
}
