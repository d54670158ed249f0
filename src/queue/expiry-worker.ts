import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../util/log.js';
import { workerConnection } from './redis-connection.js';

/** What the timer jobs do; the approvals core supplies the handlers. */
export interface TimerHandlers {
  expire(id: string): Promise<void>;
  remind(id: string): Promise<void>;
  /** Cancels requests whose holder went away and expires any that missed their deadline job. */
  sweep(): Promise<void>;
}

type TimerJob = { readonly id: string } | Record<string, never>;

const QUEUE = 'approval-timers';
const SWEEP = 'sweep';

/**
 * Deadlines, reminders and the orphan sweep as BullMQ jobs, processed by a worker on every gateway
 * instance: a deadline fires even when the instance that created the request is gone. Job ids are
 * derived from the request id, so scheduling twice is harmless; the handlers are compare-and-set
 * scripts, so a job for an already decided request is a no-op.
 */
export class ExpiryWorker {
  private constructor(
    private readonly queue: Queue<TimerJob>,
    private readonly worker: Worker<TimerJob>,
  ) {}

  static async start(redis: Redis, redisUrl: string, bullPrefix: string, sweepEveryMs: number, handlers: TimerHandlers, log: Logger): Promise<ExpiryWorker> {
    const queue = new Queue<TimerJob>(QUEUE, { connection: redis, prefix: bullPrefix });
    queue.on('error', (err) => log.debug('timer queue error', { err }));
    // Every instance upserts the same scheduler: one sweep per interval across the deployment.
    await queue.upsertJobScheduler(SWEEP, { every: sweepEveryMs }, { name: SWEEP, data: {}, opts: { removeOnComplete: true, removeOnFail: true } });
    const worker = new Worker<TimerJob>(QUEUE, (job: Job<TimerJob>) => run(job, handlers), {
      connection: workerConnection(redisUrl),
      prefix: bullPrefix,
      // Jobs wait on Redis round trips, not CPU. With 4 in flight, 5,000 deadlines due within ~13 s
      // fired up to 10 s late (bench/approvals.ts); with 64, 0.7 s at the median, 1.4 s at worst.
      concurrency: 64,
    });
    worker.on('error', (err) => log.debug('timer worker error', { err }));
    worker.on('failed', (job, err) => log.warn('approval timer job failed', { job: job?.name, id: job?.id, err }));
    return new ExpiryWorker(queue, worker);
  }

  async schedule(id: string, expiresAt: Date, remindAt: Date | undefined, now: Date): Promise<void> {
    const opts = { removeOnComplete: true, removeOnFail: { count: 100 }, attempts: 3, backoff: { type: 'exponential', delay: 500 } };
    await this.queue.add('expire', { id }, { ...opts, jobId: id, delay: expiresAt.getTime() - now.getTime() });
    if (remindAt) await this.queue.add('remind', { id }, { ...opts, jobId: `${id}-remind`, delay: remindAt.getTime() - now.getTime() });
  }

  /**
   * Forced: a job cut short is idempotent and is picked up again by another instance's worker once
   * its lock lapses, while waiting for it could hang when Redis went away mid-job.
   */
  async close(): Promise<void> {
    await Promise.all([this.worker.close(true), this.queue.close()]);
  }
}

function run(job: Job<TimerJob>, handlers: TimerHandlers): Promise<void> {
  if (job.name === SWEEP) return handlers.sweep();
  const id = 'id' in job.data ? job.data.id : undefined;
  if (typeof id !== 'string') throw new Error(`timer job ${job.id} has no request id`);
  if (job.name === 'expire') return handlers.expire(id);
  if (job.name === 'remind') return handlers.remind(id);
  throw new Error(`unknown timer job ${job.name}`);
}
