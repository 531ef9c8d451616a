import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Clock } from '../common/clock.js';
import { RateLimitStore } from './rate-limit.store.js';
import { TooManyRequests } from '../common/errors/too-many-requests.js';

const WINDOW_MS = 15 * 60_000;

/**
 * Sign-in attempts per account: after the limit of failures, the account answers 429 until the
 * window ends, whatever the password, so guessing stops without the owner being locked out for
 * long. Unknown emails are counted the same way, so the answer never tells them apart.
 *
 * Each attempt is counted before the password is checked, in one atomic step (a single-threaded
 * update of the in-process counter on SQLite, one upsert on PostgreSQL): attempts sent at the same
 * moment each take their own place in the count, and no more than the limit are ever checked. A
 * successful attempt gives its place back, so that signing in often is never throttled.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one attempt on the account, or refuses it (429) when the failures already reach the limit. */
  async attempt(email: string): Promise<void> {
    const now = this.clock.now().getTime();
    const w = await this.store.hit(key(email), WINDOW_MS, now);
    if (w.count > this.config.loginAttemptsPerAccount) {
      await this.store.release(key(email), now);
      throw new TooManyRequests(Math.ceil((w.resetAt - now) / 1000));
    }
  }

  /** The attempt succeeded: it does not count against the account. */
  async succeeded(email: string): Promise<void> {
    await this.store.release(key(email), this.clock.now().getTime());
  }
}

const key = (email: string) => `sign-in-failures:${email.trim().toLowerCase()}`;
