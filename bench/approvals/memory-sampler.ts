import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';

/** Resident set size of a process in bytes (VmRSS), or NaN once it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export async function redisUsedBytes(redis: Redis): Promise<number> {
  const m = /^used_memory:(\d+)\r?$/m.exec(await redis.info('memory'));
  return m ? Number(m[1]) : Number.NaN;
}

export interface MemoryPeaks {
  gatewayRss: number;
  redisUsed: number;
}

/** Samples the gateway's RSS and Redis's used_memory every `everyMs` while running, keeping the peaks. */
export class MemorySampler {
  private peaks: MemoryPeaks = { gatewayRss: 0, redisUsed: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly redis: Redis,
    private readonly everyMs = 200,
  ) {}

  /** Starts a fresh measurement. */
  start(): void {
    this.stop();
    this.peaks = { gatewayRss: 0, redisUsed: 0 };
    this.timer = setInterval(() => void this.sample(), this.everyMs);
    void this.sample();
  }

  /** Stops sampling; returns the peaks seen since start(). */
  stop(): MemoryPeaks {
    clearInterval(this.timer);
    this.timer = undefined;
    return { ...this.peaks };
  }

  private async sample(): Promise<void> {
    this.peaks.gatewayRss = Math.max(this.peaks.gatewayRss, rssBytes(this.pid) || 0);
    const used = await redisUsedBytes(this.redis).catch(() => 0);
    this.peaks.redisUsed = Math.max(this.peaks.redisUsed, used);
  }
}
