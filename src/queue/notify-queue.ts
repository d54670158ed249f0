import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { DeliveryDeferred, type Notification, type NotificationChannel, type NotificationKind } from '../core/approval.js';
import type { Digest } from '../core/digest.js';
import type { SessionSummary } from '../core/session-summary.js';
import type { Logger } from '../util/log.js';
import type { ApprovalKeys } from './keys.js';
import { workerConnection } from './redis-connection.js';
import { decodeRecord, type StoredRecord } from './request-codec.js';

export interface NotifyOptions {
  /** Delivery attempts per channel before the job is left failed. */
  readonly attempts: number;
  /** First retry delay; doubles each attempt. */
  readonly backoffMs: number;
  /** Deliveries per channel across all instances (BullMQ's limiter is per queue). */
  readonly limiter: { readonly max: number; readonly duration: number };
}

export const DEFAULT_NOTIFY: NotifyOptions = { attempts: 8, backoffMs: 1000, limiter: { max: 20, duration: 1000 } };

/** A notification job: the request snapshot as stored, so delivery shows it as it was when raised. */
type NotifyJob =
  | { readonly kind: NotificationKind; readonly at: number; readonly record: StoredRecord }
  | { readonly kind: 'session-ended'; readonly at: number; readonly summary: StoredSummary }
  | { readonly kind: 'digest'; readonly at: number; readonly digest: Digest };

/** A SessionSummary as JSON keeps it: times as epoch milliseconds. */
type StoredSummary = Omit<SessionSummary, 'startedAt' | 'endedAt'> & { readonly startedAt: number; readonly endedAt: number };

const CHANNEL_NAME = /^[a-z0-9][a-z0-9-]*$/;
const queueName = (channel: string) => `notify-${channel}`;

/**
 * One BullMQ queue per channel (`notify-<name>`), so a failing channel retries only its own
 * deliveries and each channel gets its own rate limit. Channel names are registered in Redis, so the
 * instance that makes a transition fans out to every channel served anywhere, whatever its own
 * configuration. Enqueueing never throws: a notification that cannot be queued is logged, and the
 * decision that raised it stands.
 */
export class NotifyQueues {
  private readonly queues = new Map<string, Queue<NotifyJob>>();

  private constructor(
    private readonly redis: Redis,
    private readonly keys: ApprovalKeys,
    private readonly workers: readonly Worker[],
    private readonly opts: NotifyOptions,
    private readonly log: Logger,
  ) {}

  static async start(
    redis: Redis,
    redisUrl: string,
    keys: ApprovalKeys,
    channels: readonly NotificationChannel[],
    opts: NotifyOptions,
    log: Logger,
  ): Promise<NotifyQueues> {
    for (const { name } of channels) {
      if (!CHANNEL_NAME.test(name)) throw new Error(`notification channel name "${name}" must be lowercase letters, digits and dashes`);
    }
    if (channels.length) await redis.sadd(keys.channels, ...channels.map((c) => c.name));
    const workers = channels.map((channel) => {
      const worker: Worker<NotifyJob> = new Worker<NotifyJob>(
        queueName(channel.name),
        async (job: Job<NotifyJob>) => {
          try {
            await channel.deliver(toNotification(job.data));
          } catch (err) {
            if (!(err instanceof DeliveryDeferred)) throw err;
            // The service said when to come back: the whole channel waits (its limit is per app), and
            // the job returns to the queue without spending an attempt.
            log.info('notification channel asked to wait', { channel: channel.name, ms: err.afterMs, why: err.message });
            await worker.rateLimit(err.afterMs);
            throw Worker.RateLimitError();
          }
        },
        { connection: workerConnection(redisUrl), prefix: keys.bullPrefix, limiter: opts.limiter },
      );
      worker.on('error', (err) => log.debug('notify worker error', { channel: channel.name, err }));
      worker.on('failed', (job, err) => log.warn('notification delivery failed', { channel: channel.name, kind: job?.name, attempt: job?.attemptsMade, err }));
      return worker;
    });
    return new NotifyQueues(redis, keys, workers, opts, log);
  }

  enqueue(kind: NotificationKind, record: StoredRecord, at: Date): Promise<void> {
    return this.fanOut({ kind, at: at.getTime(), record });
  }

  enqueueSessionEnd(summary: SessionSummary): Promise<void> {
    const stored: StoredSummary = { ...summary, startedAt: summary.startedAt.getTime(), endedAt: summary.endedAt.getTime() };
    return this.fanOut({ kind: 'session-ended', at: stored.endedAt, summary: stored });
  }

  /** A digest is plain JSON already. */
  enqueueDigest(digest: Digest, at: Date): Promise<void> {
    return this.fanOut({ kind: 'digest', at: at.getTime(), digest });
  }

  private async fanOut(data: NotifyJob): Promise<void> {
    const { kind } = data;
    const opts = { attempts: this.opts.attempts, backoff: { type: 'exponential', delay: this.opts.backoffMs }, removeOnComplete: true, removeOnFail: { count: 1000 } };
    try {
      const names = await this.redis.smembers(this.keys.channels);
      await Promise.all(names.map((name) => this.queue(name).add(kind, data, opts)));
    } catch (err) {
      this.log.warn('could not queue a notification', { kind, err });
    }
  }

  /** Forced, as the timer worker: an interrupted delivery is retried (deliveries are at least once). */
  async close(): Promise<void> {
    await Promise.all([...this.workers.map((w) => w.close(true)), ...[...this.queues.values()].map((q) => q.close())]);
  }

  private queue(channel: string): Queue<NotifyJob> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = new Queue<NotifyJob>(queueName(channel), { connection: this.redis, prefix: this.keys.bullPrefix });
      queue.on('error', (err) => this.log.debug('notify queue error', { channel, err }));
      this.queues.set(channel, queue);
    }
    return queue;
  }
}

function toNotification(job: NotifyJob): Notification {
  if (job.kind === 'digest') return { kind: 'digest', at: new Date(job.at), digest: job.digest };
  if (job.kind === 'session-ended') {
    const s = job.summary;
    return { kind: job.kind, at: new Date(job.at), summary: { ...s, startedAt: new Date(s.startedAt), endedAt: new Date(s.endedAt) } };
  }
  return { kind: job.kind, at: new Date(job.at), request: decodeRecord(job.record) };
}
