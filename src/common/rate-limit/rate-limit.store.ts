import { Injectable } from '@nestjs/common';

export interface WindowCount {
  count: number;
  resetAt: number;
}

/** Fixed-window counters. One process holds them; several instances on PostgreSQL will need a shared store. */
@Injectable()
export class RateLimitStore {
  private readonly windows = new Map<string, WindowCount>();

  hit(key: string, windowMs: number, now: number): WindowCount {
    let w = this.current(key, now);
    if (!w) {
      if (this.windows.size > 50_000) this.sweep(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return w;
  }

  current(key: string, now: number): WindowCount | undefined {
    const w = this.windows.get(key);
    return w && w.resetAt > now ? w : undefined;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}
