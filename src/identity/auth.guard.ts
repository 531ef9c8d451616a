import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DURING_MFA_ENROLMENT, PUBLIC_ROUTE, ROLES_ALLOWED, type ViewerRequest } from './decorators.js';
import type { Role } from './role.js';
import { SessionsService } from './sessions.service.js';

/** Global guard: resolves the bearer token to a viewer and enforces the route's roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & ViewerRequest>();
    const token = bearerToken(request.headers.authorization);
    const session = token ? await this.sessions.resolve(token) : null;
    if (!session) throw new UnauthorizedException('Sign in first');
    if (session.scope === 'mfa-enrolment' && !this.reflector.getAllAndOverride<boolean>(DURING_MFA_ENROLMENT, targets)) {
      throw new ForbiddenException('Enrol a second factor first (POST /api/v1/me/totp)');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_ALLOWED, targets);
    if (roles && !roles.includes(session.viewer.role)) throw new ForbiddenException('Your role may not do this');
    request.viewer = session.viewer;
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{20,200})$/);
  return match ? match[1] : null;
}
