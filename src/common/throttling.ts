import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';
import { SIGN_IN_ROUTE, type ViewerRequest } from '../identity/decorators.js';

const FIFTEEN_MINUTES = 15 * 60_000;

const isSignIn = (ctx: ExecutionContext): boolean => Reflect.getMetadata(SIGN_IN_ROUTE, ctx.getHandler()) === true;
const request = (ctx: ExecutionContext) => ctx.switchToHttp().getRequest<ViewerRequest & { body?: unknown }>();
const emailOf = (body: unknown): string | undefined => {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : undefined;
};
// One bucket per tracker and throttler across every route (the default is one per route).
const sharedKey = (_ctx: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`;

/**
 * Sign-in routes are limited per account and per address; everything else per signed-in user,
 * never per address, so an office behind one NAT does not share a bucket.
 */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  return {
    errorMessage: 'Too many requests: wait a moment and try again',
    generateKey: sharedKey,
    throttlers: [
      {
        name: 'sign-in-account',
        ttl: FIFTEEN_MINUTES,
        limit: config.loginAttemptsPerAccount,
        skipIf: (ctx) => !isSignIn(ctx) || emailOf(request(ctx).body) === undefined,
        getTracker: (req) => emailOf(req.body) ?? '',
      },
      {
        name: 'sign-in-address',
        ttl: FIFTEEN_MINUTES,
        limit: config.loginAttemptsPerAddress,
        skipIf: (ctx) => !isSignIn(ctx),
        getTracker: (req) => String(req.ip),
      },
      {
        name: 'user',
        ttl: 60_000,
        limit: Math.max(config.rateLimitPerMinute, 1),
        skipIf: (ctx) => config.rateLimitPerMinute === 0 || isSignIn(ctx) || !request(ctx).viewer,
        getTracker: (req) => String((req as ViewerRequest).viewer?.userId),
      },
    ],
  };
}
