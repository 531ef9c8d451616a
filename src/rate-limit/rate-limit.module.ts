import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RawSql } from '../database/raw-sql.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { MemoryRateLimitStore, PostgresRateLimitStore, RateLimitStore } from './rate-limit.store.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** Per-user and sign-in rate limits, imported by the application (its guard) and by identity (the sign-in throttles). */
@Module({
  providers: [
    {
      // PostgreSQL may run several instances, which must count together; SQLite is one process.
      provide: RateLimitStore,
      inject: [DataSource, RawSql],
      useFactory: (dataSource: DataSource, sql: RawSql): RateLimitStore => (sql.postgres ? new PostgresRateLimitStore(dataSource) : new MemoryRateLimitStore()),
    },
    RateLimitGuard,
    SignInThrottle,
  ],
  exports: [RateLimitGuard, SignInThrottle, RateLimitStore],
})
export class RateLimitModule {}
