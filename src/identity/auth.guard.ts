import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessPolicy } from '../access/access-policy.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { DURING_MFA_ENROLMENT, OWN_ACCOUNT, PUBLIC_ROUTE, READABLE_IN_BROWSER, ROLES_ALLOWED, WEB_PAGE, type ViewerRequest } from '../common/decorators.js';
import type { Role } from '../common/role.js';
import { sessionCookie, SessionsService, type ResolvedSession } from './sessions.service.js';
import { refuse } from '../common/errors/refusal.js';

/** A page asked for without a valid session: the pages answer it with a redirect to the sign-in page. */
export class SignInRequired extends UnauthorizedException {
  constructor() {
    super('Sign in first');
  }
}

/** A page other than the enrolment asked for by someone who still has to enrol a second factor. */
export class MfaEnrolmentRequired extends ForbiddenException {
  constructor() {
    super('Enrol a second factor first');
  }
}

/**
 * Global guard: resolves the viewer and enforces the route's roles. API routes take a bearer token
 * (an API session); pages take the session cookie (a web session). Neither accepts the other's.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly cookieName: string;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
    private readonly policy: AccessPolicy,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cookieName = sessionCookie(config.publicUrl).name;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<FastifyRequest & ViewerRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
    if (this.reflector.getAllAndOverride<boolean>(WEB_PAGE, targets)) return this.page(request, targets, isPublic ?? false);
    if (isPublic) return true;
    const token = bearerToken(request.headers.authorization);
    const session = token ? await this.sessions.resolve(token, 'api') : await this.browserSession(request, targets);
    if (!session) throw refuse('auth.sign-in-required', 'Sign in first');
    if (session.scope === 'mfa-enrolment' && !this.reflector.getAllAndOverride<boolean>(DURING_MFA_ENROLMENT, targets)) {
      throw refuse('auth.mfa-enrolment-required', 'Enrol a second factor first (POST /api/v1/me/totp)');
    }
    this.requireRole(session, targets);
    request.viewer = session.viewer;
    return true;
  }

  /** A page: a public one still learns who is signed in (to greet or redirect them); any other needs the session. */
  private async page(request: FastifyRequest & ViewerRequest, targets: Parameters<Reflector['getAllAndOverride']>[1], isPublic: boolean): Promise<boolean> {
    const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[this.cookieName];
    const session = cookie ? await this.sessions.resolve(cookie, 'web') : null;
    if (session) {
      request.viewer = session.viewer;
      request.sessionScope = session.scope;
      // For the page's header (WebPages): the account as it was read with the session.
      Object.assign(request, { account: session.account, sessionExtras: session.extras });
    }
    if (isPublic) return true;
    if (!session) throw new SignInRequired();
    if (session.scope === 'mfa-enrolment' && !this.reflector.getAllAndOverride<boolean>(DURING_MFA_ENROLMENT, targets)) throw new MfaEnrolmentRequired();
    this.requireRole(session, targets);
    return true;
  }

  /** Without a bearer token, a route marked ReadableInBrowser takes the web session's cookie. */
  private async browserSession(request: FastifyRequest, targets: Parameters<Reflector['getAllAndOverride']>[1]): Promise<ResolvedSession | null> {
    if (request.method !== 'GET' || !this.reflector.getAllAndOverride<boolean>(READABLE_IN_BROWSER, targets)) return null;
    const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[this.cookieName];
    return cookie ? this.sessions.resolve(cookie, 'web') : null;
  }

  private requireRole(session: ResolvedSession, targets: Parameters<Reflector['getAllAndOverride']>[1]): void {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_ALLOWED, targets);
    const ownAccount = Boolean(this.reflector.getAllAndOverride<boolean>(OWN_ACCOUNT, targets) || this.reflector.getAllAndOverride<boolean>(DURING_MFA_ENROLMENT, targets));
    if (!this.policy.routeAdmits(session.viewer, roles, ownAccount)) throw refuse('auth.role-forbidden', 'Your role may not do this');
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = header?.match(/^Bearer ([A-Za-z0-9_-]{20,200})$/);
  return match ? match[1] : null;
}
