import { Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';

export interface WindowCount {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counters: the first hit of a key opens a window of `windowMs`; hits inside it add
 * up; the first hit after it opens a new one.
 */
export abstract class RateLimitStore {
  /** Counts one hit and returns the window it fell in, this hit included. */
  abstract hit(key: string, windowMs: number, now: number): Promise<WindowCount>;
  /** The open window of a key, without counting. */
  abstract current(key: string, now: number): Promise<WindowCount | undefined>;
  /** Takes back one hit of the open window (an attempt that turned out not to count). */
  abstract release(key: string, now: number): Promise<void>;
}

/** One process holds the counters: right for SQLite, which is one process by design. */
@Injectable()
export class MemoryRateLimitStore extends RateLimitStore {
  private readonly windows = new Map<string, WindowCount>();

  hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    let w = this.open(key, now);
    if (!w) {
      if (this.windows.size > 50_000) this.sweep(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return Promise.resolve({ ...w });
  }

  current(key: string, now: number): Promise<WindowCount | undefined> {
    const w = this.open(key, now);
    return Promise.resolve(w && { ...w });
  }

  release(key: string, now: number): Promise<void> {
    const w = this.open(key, now);
    if (w && w.count > 0) w.count -= 1;
    return Promise.resolve();
  }

  private open(key: string, now: number): WindowCount | undefined {
    const w = this.windows.get(key);
    return w && w.resetAt > now ? w : undefined;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

/**
 * Counters in the shared database, so that every instance behind the load balancer counts the same
 * hits. One row per key; a hit is one atomic upsert that either adds one to the open window or,
 * when the window has ended, starts a new one: two instances can never both start it.
 */
export class PostgresRateLimitStore extends RateLimitStore {
  private hits = 0;

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async hit(key: string, windowMs: number, now: number): Promise<WindowCount> {
    const rows = (await this.dataSource.query(
      `INSERT INTO rate_limit ("key", "count", "resetAt") VALUES ($1, 1, $2)
       ON CONFLICT ("key") DO UPDATE SET
         "count" = CASE WHEN rate_limit."resetAt" <= $3 THEN 1 ELSE rate_limit."count" + 1 END,
         "resetAt" = CASE WHEN rate_limit."resetAt" <= $3 THEN EXCLUDED."resetAt" ELSE rate_limit."resetAt" END
       RETURNING "count", "resetAt"`,
      [key, now + windowMs, now],
    )) as { count: number | string; resetAt: number | string }[];
    if (++this.hits % 1000 === 0) await this.dataSource.query('DELETE FROM rate_limit WHERE "resetAt" <= $1', [now]);
    return { count: Number(rows[0].count), resetAt: Number(rows[0].resetAt) };
  }

  async release(key: string, now: number): Promise<void> {
    await this.dataSource.query('UPDATE rate_limit SET "count" = "count" - 1 WHERE "key" = $1 AND "resetAt" > $2 AND "count" > 0', [key, now]);
  }

  async current(key: string, now: number): Promise<WindowCount | undefined> {
    const rows = (await this.dataSource.query('SELECT "count", "resetAt" FROM rate_limit WHERE "key" = $1 AND "resetAt" > $2', [key, now])) as {
      count: number | string;
      resetAt: number | string;
    }[];
    return rows[0] && { count: Number(rows[0].count), resetAt: Number(rows[0].resetAt) };
  }
}
