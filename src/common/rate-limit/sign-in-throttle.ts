import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Clock } from '../clock.js';
import { RateLimitStore } from './rate-limit.store.js';
import { TooManyRequests } from './too-many-requests.js';

const WINDOW_MS = 15 * 60_000;

/**
 * Failed sign-ins per account: after the limit, the account answers 429 until the window ends,
 * whatever the password, so guessing stops without the owner being locked out for long.
 * Unknown emails are counted the same way, so the answer never tells them apart.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async assertAllowed(email: string): Promise<void> {
    const now = this.clock.now().getTime();
    const w = await this.store.current(key(email), now);
    if (w && w.count >= this.config.loginAttemptsPerAccount) throw new TooManyRequests(Math.ceil((w.resetAt - now) / 1000));
  }

  async recordFailure(email: string): Promise<void> {
    await this.store.hit(key(email), WINDOW_MS, this.clock.now().getTime());
  }
}

const key = (email: string) => `sign-in-failures:${email.trim().toLowerCase()}`;
