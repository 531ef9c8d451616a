import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { RateLimitStore } from '../../rate-limit/rate-limit.store.js';
import { TooManyRequests } from '../../common/errors/too-many-requests.js';

const HOUR_MS = 60 * 60_000;
/** Requests for one address in an hour: enough for a mail that went astray, not a mailbox flood. */
export const RESETS_PER_ADDRESS = 5;
/** Requests from one client in an hour, whatever the addresses: slows the probing of many. */
export const RESETS_PER_CLIENT = 20;

/**
 * Password-reset requests counted per email address and per client address, in the shared rate-limit
 * store (in the process on SQLite, the database on PostgreSQL). Every address counts the same,
 * whether an account has it or not, so a 429 tells nothing about the account.
 */
@Injectable()
export class PasswordResetThrottle {
  constructor(
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
  ) {}

  async hit(email: string, clientIp: string): Promise<void> {
    const now = this.clock.now().getTime();
    const client = await this.store.hit(`password-reset-client:${clientIp}`, HOUR_MS, now);
    if (client.count > RESETS_PER_CLIENT) throw new TooManyRequests(Math.ceil((client.resetAt - now) / 1000));
    const address = await this.store.hit(`password-reset-address:${email.trim().toLowerCase()}`, HOUR_MS, now);
    if (address.count > RESETS_PER_ADDRESS) throw new TooManyRequests(Math.ceil((address.resetAt - now) / 1000));
  }
}
