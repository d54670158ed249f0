import type { Redis } from 'ioredis';
import type {
  ApprovalRequest,
  ApprovalState,
  DecideResult,
  Decision,
  DecisionInput,
  NewRequest,
  NotificationChannel,
  NotificationKind,
  SessionCover,
  Transition,
} from '../core/approval.js';
import type { Identity } from '../core/identity.js';
import type { Digest } from '../core/digest.js';
import type { SessionSummary } from '../core/session-summary.js';
import { DigestScheduler, type DigestSchedule } from './digest-scheduler.js';
import type { ApprovalSettings } from '../config/types.js';
import type { Logger } from '../util/log.js';
import { ApprovalStore } from './approval-store.js';
import { authorizeDecision, mayDecide } from './authorize-decision.js';
import { closedRefusal } from './decision.js';
import { DecisionWaiter } from './decision-waiter.js';
import { ExpiryWorker } from './expiry-worker.js';
import { Heartbeat } from './heartbeat.js';
import { approvalKeys } from './keys.js';
import { DEFAULT_NOTIFY, NotifyQueues, type NotifyOptions } from './notify-queue.js';
import { ApprovalsUnavailableError, connectFailFast } from './redis-connection.js';
import { newRequestId } from './request-id.js';
import { describeTransition } from './transition.js';

export interface ApprovalTimings {
  readonly heartbeatEveryMs: number;
  /** A holder whose heartbeat is older than this is gone. */
  readonly heartbeatTtlMs: number;
  readonly sweepEveryMs: number;
  /** How long waiters survive a lost Redis subscription before failing closed. */
  readonly unavailableAfterMs: number;
}

export const DEFAULT_TIMINGS: ApprovalTimings = { heartbeatEveryMs: 5000, heartbeatTtlMs: 15_000, sweepEveryMs: 5000, unavailableAfterMs: 2000 };

export interface ApprovalsOptions {
  readonly redisUrl: string;
  /** This instance; requests it creates are held here. */
  readonly gatewayId: string;
  /** Key namespace; default `airlock`. */
  readonly prefix?: string;
  readonly log: Logger;
  readonly channels?: readonly NotificationChannel[];
  /**
   * Every state change this instance makes, for the audit trail. A returned promise is awaited before
   * the change is answered, so a decider that dies right after its reply has recorded it. A throw or
   * rejection is logged.
   */
  readonly onTransition?: (t: Transition) => unknown;
  readonly timings?: Partial<ApprovalTimings>;
  readonly notify?: Partial<NotifyOptions>;
  /** The daily digest: when, and how to build the one for a tick (the sending instance reads the audit trail). */
  readonly digest?: { readonly schedule: DigestSchedule; build(tick: Date): Promise<Digest> };
}

const HOLDER_GONE = 'the gateway holding the connection went away';
const GAVE_UP = 'the gateway stopped waiting while Redis was unreachable';

/**
 * Approval requests shared by every gateway instance through Redis. Each state change is one Lua
 * compare-and-set; the instance that made it reports it (onTransition) and queues the notification.
 * Opening requires Redis; afterwards, while Redis is away, calls reject with ApprovalsUnavailableError
 * and work again once ioredis has reconnected.
 */
export class Approvals {
  /** Requests whose waiter failed closed; cancelled once Redis is back so they never run later. */
  private readonly abandoned = new Set<string>();

  private constructor(
    private readonly redis: Redis,
    private readonly sub: Redis,
    private readonly store: ApprovalStore,
    private readonly opts: ApprovalsOptions,
    private readonly waiter: DecisionWaiter,
    private readonly timers: ExpiryWorker,
    private readonly notifications: NotifyQueues,
    private readonly heartbeat: Heartbeat,
    private readonly digests: DigestScheduler,
  ) {
    redis.on('ready', () => void this.cancelAbandoned());
  }

  static async open(opts: ApprovalsOptions): Promise<Approvals> {
    const log = opts.log.child({ component: 'approvals', gateway: opts.gatewayId });
    const timings = { ...DEFAULT_TIMINGS, ...opts.timings };
    const keys = approvalKeys(opts.prefix ?? 'airlock');
    const redis = await connectFailFast(opts.redisUrl, { commandTimeout: true });
    const sub = await connectFailFast(opts.redisUrl, { commandTimeout: false }).catch((err: unknown) => {
      redis.disconnect();
      throw err;
    });
    for (const [name, client] of [['commands', redis], ['subscriber', sub]] as const) {
      client.on('error', (err) => log.debug('redis connection error', { connection: name, err }));
    }
    const store = new ApprovalStore(redis, keys);
    // Handlers reach the instance through this holder: the worker starts before the constructor runs.
    const holder: { self?: Approvals } = {};
    const waiter = await DecisionWaiter.start(sub, keys.transitions, (id) => store.get(id), timings.unavailableAfterMs, log);
    const notifications = await NotifyQueues.start(redis, opts.redisUrl, keys, opts.channels ?? [], { ...DEFAULT_NOTIFY, ...opts.notify }, log);
    const timers = await ExpiryWorker.start(redis, opts.redisUrl, keys.bullPrefix, timings.sweepEveryMs, {
      expire: (id) => holder.self?.expire(id) ?? Promise.resolve(),
      remind: (id) => holder.self?.remind(id) ?? Promise.resolve(),
      sweep: () => holder.self?.sweep() ?? Promise.resolve(),
    }, log);
    const digest = opts.digest;
    const digests = await DigestScheduler.start(redis, opts.redisUrl, keys.bullPrefix, digest?.schedule, async (tick) => {
      if (digest) await notifications.enqueueDigest(await digest.build(tick), tick);
    }, log);
    const heartbeat = new Heartbeat(redis, keys.heartbeat(opts.gatewayId), timings.heartbeatEveryMs, timings.heartbeatTtlMs, log);
    await heartbeat.start();
    holder.self = new Approvals(redis, sub, store, { ...opts, log }, waiter, timers, notifications, heartbeat, digests);
    return holder.self;
  }

  /** Persists a pending request held by this instance, schedules its deadline and reminder, and notifies reviewers. */
  async request(input: NewRequest, settings: ApprovalSettings): Promise<ApprovalRequest> {
    if (input.reviewers.length === 0 && !input.reviewerMembers?.length) throw new Error(`connection ${input.connection} has no reviewers; nobody could approve`);
    if (!Number.isInteger(settings.quorum) || settings.quorum < 1) throw new Error(`approval quorum must be a positive integer, not ${settings.quorum}`);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + settings.timeoutMs);
    const remindAt = settings.remindAfterMs !== undefined && settings.remindAfterMs < settings.timeoutMs ? new Date(now.getTime() + settings.remindAfterMs) : undefined;
    // Covering later commands stands in for N approvals of each, so it is offered only without a quorum.
    const sessionCoverMaxMs = settings.fatigueWindowMs && settings.quorum === 1 ? settings.fatigueWindowMs : undefined;
    const id = await this.unavailableOnError(() =>
      this.createWithFreshId(input, { quorum: settings.quorum, gateway: this.opts.gatewayId, createdAt: now, expiresAt, remindAt, ...(sessionCoverMaxMs ? { sessionCoverMaxMs } : {}) }),
    );
    try {
      await this.timers.schedule(id, expiresAt, remindAt, now);
    } catch (err) {
      // Without its deadline job the request would linger until the sweep; withdraw it now instead.
      this.opts.log.warn('could not schedule an approval deadline', { id, err });
      await this.store.finish(id, 'cancelled', new Date(), 'its deadline could not be scheduled', 'always').catch(() => undefined);
      throw new ApprovalsUnavailableError();
    }
    try {
      return await this.unavailableOnError(() => this.afterChange(id, null, input.identity.name, 'requested', now));
    } catch (err) {
      this.abandoned.add(id); // the caller refuses the statement, so the request must not stay decidable
      throw err;
    }
  }

  /** Resolves when the request closes; rejects with ApprovalsUnavailableError when the outcome cannot be known. */
  async waitForDecision(id: string, signal?: AbortSignal): Promise<Decision> {
    try {
      return await this.waiter.wait(id, signal);
    } catch (err) {
      if (err instanceof ApprovalsUnavailableError) this.abandoned.add(id);
      throw err;
    }
  }

  async decide(id: string, decider: Pick<Identity, 'name' | 'groups'>, decision: DecisionInput): Promise<DecideResult> {
    return this.unavailableOnError(async () => {
      const request = await this.store.get(id);
      if (!request) return { ok: false, refusal: 'not-found', message: `no approval request ${id}` };
      const allowed = authorizeDecision(request, decider, decision);
      if (!allowed.ok) return { ...allowed, request };
      const now = new Date();
      const status = await this.store.decide(id, decision.kind, decider.name, now, decision.reason?.trim() ?? '', decision.command ?? '');
      switch (status) {
        case 'missing':
          return { ok: false, refusal: 'not-found', message: `no approval request ${id}` };
        case 'duplicate':
          return {
            ok: false,
            refusal: 'already-approved-by-you',
            message: `${decider.name} already approved ${id}; ${request.quorum} distinct approvals are needed`,
            request,
          };
        case 'vote':
          return { ok: true, request: await this.afterChange(id, 'pending', decider.name, null, now) };
        case 'decided':
          // Stored before the transition is published, so the agent's next command already sees it.
          if (decision.coverForMs && request.shape) await this.store.cover(request, decider.name, new Date(now.getTime() + decision.coverForMs));
          return { ok: true, request: await this.afterChange(id, 'pending', decider.name, 'decided', now) };
        case 'expired': {
          const after = await this.afterChange(id, 'pending', null, 'expired', now);
          return { ok: false, ...closedRefusal(after), request: after };
        }
        case 'closed': {
          const after = (await this.store.get(id)) ?? request;
          return { ok: false, ...closedRefusal(after), request: after };
        }
      }
    });
  }

  /** Withdraws a pending request (the agent disconnected, the session ended). A no-op once it is closed. */
  async cancel(id: string, reason: string): Promise<void> {
    await this.unavailableOnError(async () => {
      const now = new Date();
      if ((await this.store.finish(id, 'cancelled', now, reason, 'always')) === 'done') await this.afterChange(id, 'pending', null, 'cancelled', now);
    });
  }

  /** Records whether an approved or modified command ran. */
  async reportOutcome(id: string, outcome: { ok: boolean; detail?: string }): Promise<void> {
    const now = new Date();
    const status = await this.unavailableOnError(() => this.store.outcome(id, outcome.ok, now, outcome.detail ?? ''));
    if (status !== 'done') throw new Error(`cannot report an outcome for ${id}: it is ${status}`);
    await this.unavailableOnError(async () => {
      const after = await this.afterChangeRequest(id);
      await this.report(after.closed?.as ?? null, after, null, now);
      await this.notify(outcome.ok ? 'executed' : 'failed', id, now);
    });
  }

  /** The approval covering this command shape in this session, if a reviewer granted one that still runs. */
  /** Queues a digest for every channel's digest post now (as `airlock digest --post` asks); never throws. */
  announceDigest(digest: Digest): Promise<void> {
    return this.notifications.enqueueDigest(digest, new Date());
  }

  /** Queues a finished session's summary for every channel's audit post; never throws (see NotifyQueues). */
  announceSessionEnd(summary: SessionSummary): Promise<void> {
    return this.notifications.enqueueSessionEnd(summary);
  }

  coverFor(sessionId: string, shape: string): Promise<SessionCover | null> {
    return this.unavailableOnError(() => this.store.coverFor(sessionId, shape));
  }

  get(id: string): Promise<ApprovalRequest | null> {
    return this.unavailableOnError(() => this.store.get(id));
  }

  /** Pending requests, oldest first; with `forIdentity`, only those that identity may decide. */
  async listPending(opts: { forIdentity?: Pick<Identity, 'name' | 'groups'> } = {}): Promise<ApprovalRequest[]> {
    return this.unavailableOnError(async () => {
      const requests = await Promise.all((await this.store.pendingIds()).map((id) => this.store.get(id)));
      return requests.filter(
        (r): r is ApprovalRequest => r !== null && r.state === 'pending' && (!opts.forIdentity || mayDecide(r, opts.forIdentity)),
      );
    });
  }

  /** Stops this instance's workers, heartbeat and subscription. Other instances' requests are untouched. */
  async close(): Promise<void> {
    this.waiter.close();
    this.heartbeat.stop();
    await Promise.all([this.timers.close(), this.notifications.close(), this.digests.close()]);
    for (const client of [this.sub, this.redis]) {
      if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client.disconnect();
    }
  }

  // --- timer handlers (run on whichever instance's worker picks the job) ---

  private async expire(id: string): Promise<void> {
    const now = new Date();
    if ((await this.store.finish(id, 'expired', now, '', 'always')) === 'done') await this.afterChange(id, 'pending', null, 'expired', now);
  }

  private async remind(id: string): Promise<void> {
    const request = await this.store.get(id);
    if (request?.state === 'pending') await this.notify('reminder', id, new Date());
  }

  private async sweep(): Promise<void> {
    for (const id of await this.store.pendingIds()) {
      const request = await this.store.get(id);
      if (!request) continue;
      const now = new Date();
      const status = now >= request.expiresAt
        ? await this.store.finish(id, 'expired', now, '', 'due')
        : await this.store.finish(id, 'cancelled', now, HOLDER_GONE, 'orphan', request.gateway);
      if (status === 'done') await this.afterChange(id, 'pending', null, now >= request.expiresAt ? 'expired' : 'cancelled', now);
    }
  }

  // --- helpers ---

  private async createWithFreshId(input: NewRequest, frozen: Omit<Parameters<ApprovalStore['create']>[1], 'id'>): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = newRequestId();
      if (await this.store.create(input, { ...frozen, id })) return id;
    }
    throw new Error('could not draw an unused approval request id');
  }

  /** Reads the request a script just changed, reports the transition and queues its notification. */
  private async afterChange(id: string, from: ApprovalState | null, actor: string | null, kind: NotificationKind | null, at: Date): Promise<ApprovalRequest> {
    const after = await this.afterChangeRequest(id);
    await this.report(from, after, actor, at);
    if (kind) await this.notify(kind, id, at);
    return after;
  }

  private async afterChangeRequest(id: string): Promise<ApprovalRequest> {
    const after = await this.store.get(id);
    if (!after) throw new Error(`approval request ${id} vanished right after a change`);
    return after;
  }

  private async report(from: ApprovalState | null, request: ApprovalRequest, actor: string | null, at: Date): Promise<void> {
    try {
      await this.opts.onTransition?.(describeTransition(from, request, actor, at));
    } catch (err) {
      this.opts.log.error('onTransition threw', { id: request.id, err });
    }
  }

  private async notify(kind: NotificationKind, id: string, at: Date): Promise<void> {
    const record = await this.store.record(id).catch(() => null);
    if (record) await this.notifications.enqueue(kind, record, at);
  }

  private async cancelAbandoned(): Promise<void> {
    for (const id of [...this.abandoned]) {
      this.abandoned.delete(id);
      await this.cancel(id, GAVE_UP).catch(() => this.abandoned.add(id));
    }
  }

  /** Redis failures become the one error the gateway shows; refusals and programming errors pass through. */
  private async unavailableOnError<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof ApprovalsUnavailableError || this.redis.status !== 'ready' || isConnectionError(err)) {
        this.opts.log.warn('approvals: Redis unreachable', { err });
        throw new ApprovalsUnavailableError();
      }
      throw err;
    }
  }
}

/** ioredis failures that can outlive a reconnect race: a hung server's command timeout, a dropped socket. */
function isConnectionError(err: unknown): boolean {
  return err instanceof Error && /Command timed out|Connection is closed|ECONNRESET|EPIPE|max retries/i.test(err.message);
}
