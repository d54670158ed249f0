/** One method's limit: a token bucket refilled at `perSecond`, holding at most `burst` calls. */
export interface MethodLimit {
  perSecond: number;
  burst: number;
  /** 'channel' keys the bucket by the call's channel (Slack's chat.postMessage, a Teams conversation). */
  per?: 'workspace' | 'channel';
}

export type Limits = Record<string, MethodLimit>;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: Limits) {}

  /** Takes one call from the bucket; returns 0 when allowed, else the whole seconds to wait (Retry-After). */
  take(method: string, channel: string | undefined, now = Date.now()): number {
    const limit = this.limits[method];
    if (!limit) return 0;
    const key = limit.per === 'channel' ? `${method} ${channel ?? ''}` : method;
    const b = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
  }
}
