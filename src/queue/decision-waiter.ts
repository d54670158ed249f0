import type { Redis } from 'ioredis';
import type { ApprovalRequest, Decision } from '../core/approval.js';
import type { Logger } from '../util/log.js';
import { decisionOf } from './decision.js';
import { ApprovalsUnavailableError } from './redis-connection.js';

interface Waiter {
  resolve(d: Decision): void;
  reject(err: Error): void;
}

/**
 * Wakes the held connection when its request closes. Every transition is published; on a message for
 * a request someone waits on, the state is re-read (the message only says "look"). After the
 * subscriber reconnects, every waited request is re-read too, so a message missed during the gap
 * cannot strand a waiter. If the subscription stays down longer than `unavailableAfterMs`, the
 * outcome is unknowable and every waiter is rejected: the gateway then fails closed.
 */
export class DecisionWaiter {
  private readonly waiting = new Map<string, Set<Waiter>>();
  private outage: NodeJS.Timeout | undefined;

  private constructor(
    private readonly sub: Redis,
    private readonly channel: string,
    private readonly read: (id: string) => Promise<ApprovalRequest | null>,
    private readonly unavailableAfterMs: number,
    private readonly log: Logger,
  ) {}

  static async start(sub: Redis, channel: string, read: (id: string) => Promise<ApprovalRequest | null>, unavailableAfterMs: number, log: Logger): Promise<DecisionWaiter> {
    const waiter = new DecisionWaiter(sub, channel, read, unavailableAfterMs, log);
    sub.on('message', (_channel: string, message: string) => waiter.onMessage(message));
    sub.on('close', () => waiter.onDisconnect());
    sub.on('ready', () => void waiter.onReconnect());
    await sub.subscribe(channel);
    return waiter;
  }

  wait(id: string, signal?: AbortSignal): Promise<Decision> {
    return new Promise<Decision>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = () => settle(() => reject(signal?.reason as Error));
      const settle = (fn: () => void) => {
        this.waiting.get(id)?.delete(waiter);
        if (this.waiting.get(id)?.size === 0) this.waiting.delete(id);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const waiter: Waiter = { resolve: (d) => settle(() => resolve(d)), reject: (e) => settle(() => reject(e)) };
      signal?.addEventListener('abort', onAbort, { once: true });
      // Registered before the first read, so a transition published in between is not missed.
      const set = this.waiting.get(id) ?? new Set<Waiter>();
      set.add(waiter);
      this.waiting.set(id, set);
      if (this.outage || this.sub.status !== 'ready') return waiter.reject(new ApprovalsUnavailableError());
      void this.check(id);
    });
  }

  /** Rejects everyone still waiting (this instance is shutting down). */
  close(): void {
    clearTimeout(this.outage);
    this.rejectAll(new Error('approvals closed while waiting for a decision'));
  }

  private onMessage(message: string): void {
    let id: unknown;
    try {
      id = (JSON.parse(message) as { id?: unknown }).id;
    } catch {
      return;
    }
    if (typeof id === 'string' && this.waiting.has(id)) void this.check(id);
  }

  private onDisconnect(): void {
    if (this.outage || this.waiting.size === 0) return;
    this.log.warn('approval subscription lost; waiting for Redis', { waiters: this.waiting.size });
    this.outage = setTimeout(() => this.rejectAll(new ApprovalsUnavailableError()), this.unavailableAfterMs);
  }

  private async onReconnect(): Promise<void> {
    clearTimeout(this.outage);
    this.outage = undefined;
    try {
      // ioredis resubscribed on reconnect; our own SUBSCRIBE's reply proves the subscription is live
      // before the re-reads, so nothing can fall between them.
      await this.sub.subscribe(this.channel);
    } catch {
      return; // disconnected again; onDisconnect takes over
    }
    for (const id of this.waiting.keys()) void this.check(id);
  }

  private async check(id: string): Promise<void> {
    let request: ApprovalRequest | null;
    try {
      request = await this.read(id);
    } catch {
      return this.rejectId(id, new ApprovalsUnavailableError());
    }
    if (!request) return this.rejectId(id, new Error(`no approval request ${id}`));
    const decision = decisionOf(request);
    if (decision) for (const w of [...(this.waiting.get(id) ?? [])]) w.resolve(decision);
  }

  private rejectId(id: string, err: Error): void {
    for (const w of [...(this.waiting.get(id) ?? [])]) w.reject(err);
  }

  private rejectAll(err: Error): void {
    for (const id of [...this.waiting.keys()]) this.rejectId(id, err);
  }
}
