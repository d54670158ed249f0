import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../util/log.js';
import { workerConnection } from './redis-connection.js';

/** When the digest is sent: a cron pattern in a time zone, or (for tests) every N ms. */
export type DigestSchedule = { readonly pattern: string; readonly tz: string } | { readonly every: number };

const QUEUE = 'daily-digest';
const SCHEDULER = 'daily-digest';

/** The tick a scheduler job stands for: its id ends in the scheduled time (ms). */
function tickOf(job: Job): Date {
  const millis = /:(\d+)$/.exec(job.id ?? '')?.[1];
  return new Date(millis ? Number(millis) : job.timestamp);
}

/**
 * The daily digest as a BullMQ job scheduler. Every instance upserts the same scheduler and runs a
 * worker, and BullMQ makes one job per tick, so exactly one instance sends each digest whatever the
 * number of replicas. Without a schedule any earlier one is removed, so turning it off takes effect.
 */
export class DigestScheduler {
  private constructor(
    private readonly queue: Queue,
    private readonly worker: Worker | undefined,
  ) {}

  static async start(redis: Redis, redisUrl: string, bullPrefix: string, schedule: DigestSchedule | undefined, send: (tick: Date) => Promise<void>, log: Logger): Promise<DigestScheduler> {
    const queue = new Queue(QUEUE, { connection: redis, prefix: bullPrefix });
    queue.on('error', (err) => log.debug('digest queue error', { err }));
    if (!schedule) {
      await queue.removeJobScheduler(SCHEDULER);
      return new DigestScheduler(queue, undefined);
    }
    await queue.upsertJobScheduler(SCHEDULER, schedule, { name: 'digest', data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 30 }, attempts: 3, backoff: { type: 'exponential', delay: 5000 } } });
    const worker = new Worker(QUEUE, (job: Job) => send(tickOf(job)), { connection: workerConnection(redisUrl), prefix: bullPrefix });
    worker.on('error', (err) => log.debug('digest worker error', { err }));
    worker.on('failed', (job, err) => log.warn('daily digest failed', { attempt: job?.attemptsMade, err }));
    return new DigestScheduler(queue, worker);
  }

  async close(): Promise<void> {
    await Promise.all([this.worker?.close(true), this.queue.close()]);
  }
}
