import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SIGN_IN_ROUTE, type ViewerRequest } from '../common/decorators.js';
import { Clock } from '../common/clock.js';
import { RateLimitStore } from './rate-limit.store.js';
import { TooManyRequests } from '../common/errors/too-many-requests.js';

const FIFTEEN_MINUTES = 15 * 60_000;

/**
 * Sign-in routes are limited per address (and, in the sign-in itself, per account); everything
 * else per signed-in user, never per address, so an office behind one NAT does not share one
 * bucket. Runs after the AuthGuard, which has put the viewer on the request.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: RateLimitStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & ViewerRequest>();
    const rule = this.ruleFor(context, request);
    if (!rule) return true;
    const now = this.clock.now().getTime();
    const w = await this.store.hit(rule.key, rule.windowMs, now);
    if (w.count > rule.limit) throw new TooManyRequests(Math.ceil((w.resetAt - now) / 1000));
    return true;
  }

  private ruleFor(context: ExecutionContext, request: FastifyRequest & ViewerRequest) {
    if (this.reflector.get<boolean>(SIGN_IN_ROUTE, context.getHandler())) {
      return { key: `address:${request.ip}`, limit: this.config.loginAttemptsPerAddress, windowMs: FIFTEEN_MINUTES };
    }
    if (request.viewer && this.config.rateLimitPerMinute > 0) {
      return { key: `user:${request.viewer.userId}`, limit: this.config.rateLimitPerMinute, windowMs: 60_000 };
    }
    return null;
  }
}
