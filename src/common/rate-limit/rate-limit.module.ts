import { Global, Module } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitStore } from './rate-limit.store.js';
import { SignInThrottle } from './sign-in-throttle.js';

@Global()
@Module({ providers: [RateLimitStore, RateLimitGuard, SignInThrottle], exports: [RateLimitGuard, SignInThrottle] })
export class RateLimitModule {}
