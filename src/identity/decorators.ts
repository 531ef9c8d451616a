import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Viewer } from '../common/viewer.js';
import type { Role } from './role.js';

export const PUBLIC_ROUTE = 'cti:public';
export const ROLES_ALLOWED = 'cti:roles';
export const DURING_MFA_ENROLMENT = 'cti:mfa-enrolment';
export const SIGN_IN_ROUTE = 'cti:sign-in';

/** Reachable without signing in. Every other route requires a session (deny by default). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles; anyone else signed in gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_ALLOWED, roles);

/** Reachable with a token whose owner still has to enrol a second factor. */
export const DuringMfaEnrolment = () => SetMetadata(DURING_MFA_ENROLMENT, true);

/** A sign-in endpoint: throttled per account and per address instead of per user. */
export const SignInRoute = () => SetMetadata(SIGN_IN_ROUTE, true);

export interface ViewerRequest {
  viewer?: Viewer;
}

export const CurrentViewer = createParamDecorator((_data: unknown, ctx: ExecutionContext): Viewer => {
  const viewer = ctx.switchToHttp().getRequest<ViewerRequest>().viewer;
  if (!viewer) throw new Error('CurrentViewer used on a public route');
  return viewer;
});
