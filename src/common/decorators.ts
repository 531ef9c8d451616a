import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from './role.js';
import type { SessionScope, Viewer } from './viewer.js';

export const PUBLIC_ROUTE = 'cti:public';
export const ROLES_ALLOWED = 'cti:roles';
export const DURING_MFA_ENROLMENT = 'cti:mfa-enrolment';
export const SIGN_IN_ROUTE = 'cti:sign-in';
export const WEB_PAGE = 'cti:web-page';

/** Reachable without signing in. Every other route requires a session (deny by default). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles; anyone else signed in gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_ALLOWED, roles);

/** Reachable with a token whose owner still has to enrol a second factor. */
export const DuringMfaEnrolment = () => SetMetadata(DURING_MFA_ENROLMENT, true);

/** The signed-in person's own account (its password, its second factor, signing out): open to every role, observers included. */
export const OWN_ACCOUNT = 'cti:own-account';
export const OwnAccount = () => SetMetadata(OWN_ACCOUNT, true);

/**
 * An API route that a signed-in browser may also read with its session cookie (a GET that changes
 * nothing, so no anti-forgery token is needed): the API description, which people open in the
 * browser they are signed in with.
 */
export const READABLE_IN_BROWSER = 'cti:readable-in-browser';
export const ReadableInBrowser = () => SetMetadata(READABLE_IN_BROWSER, true);

/** A sign-in endpoint: throttled per account and per address instead of per user. */
export const SignInRoute = () => SetMetadata(SIGN_IN_ROUTE, true);

/**
 * A server-rendered page: the viewer comes from the session cookie (never a bearer token), and a
 * missing session sends the browser to the sign-in page instead of answering 401.
 */
export const WebPage = () => SetMetadata(WEB_PAGE, true);

export interface ViewerRequest {
  viewer?: Viewer;
  /** The scope of the viewer's session (a page may still have to enrol a second factor). */
  sessionScope?: SessionScope;
}

export const CurrentViewer = createParamDecorator((_data: unknown, ctx: ExecutionContext): Viewer => {
  const viewer = ctx.switchToHttp().getRequest<ViewerRequest>().viewer;
  if (!viewer) throw new Error('CurrentViewer used on a public route');
  return viewer;
});
