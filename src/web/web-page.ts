import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../common/viewer.js';
import { MailService } from '../notifications/mail.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ViewerRequest } from '../common/decorators.js';
import type { Role } from '../common/role.js';
import { sessionCookie } from '../identity/sessions.service.js';
import { UsersService } from '../identity/users.service.js';
import type { UserView } from '../identity/user.view.js';
import { TopicsService, type TopicView } from '../topics/topics.service.js';
import { csrfCookieName, csrfToken, newCsrfSecret } from './csrf.js';
import { LANGUAGE_NAMES, WEB_LANGUAGES, WebI18n, type WebLanguage } from './i18n.js';
import { WebViews, type PageSlots } from './views.js';
import { ERROR_CODES, type ErrorCode, type ErrorParams } from '../common/errors/error-codes.js';
import { formView, type FormState } from './form-view.js';

export type PageRequest = FastifyRequest & ViewerRequest & { cookies: Record<string, string | undefined> };

/** What AuthGuard read with the web session (the header's account, the columns of SessionsService.readWithWebSession): a page read's to use, as a command may have changed them. */
type SessionReads = PageRequest & { account?: UserView; sessionExtras?: Record<string, unknown> };
const isPageRead = (req: PageRequest) => req.method === 'GET' || req.method === 'HEAD';

export interface Flash {
  kind: 'ok' | 'error';
  /** A catalogue key. */
  key: string;
  /** The refusal's stable code and its values, translated under the message. */
  code?: ErrorCode;
  params?: ErrorParams;
  /** Ignored: the service's English words are never shown (kept for callers not yet on codes). */
  detail?: string;
}

interface NavItem {
  href: string;
  label: string;
  /**
   * A number shown beside the entry (the unread notifications), from one cheap statement; none at 0.
   * `withSession`: on a page read (GET), the columns read with the session (AuthGuard, see
   * SessionsService.readWithWebSession), as that statement gave them; on a command's page none, as
   * the command may have changed what they count.
   */
  count?: (viewer: Viewer, withSession: Record<string, unknown> | undefined) => Promise<number | string>;
}

const NAV: Record<Role, NavItem[]> = {
  requester: [
    { href: '/inquiries', label: 'nav.myQueries' },
    { href: '/inquiries/new', label: 'nav.newQuery' },
  ],
  expert: [
    { href: '/assignments', label: 'nav.myAssignments' },
    { href: '/profile', label: 'nav.myProfile' },
  ],
  secretariat: [
    { href: '/inquiries', label: 'nav.queue' },
    { href: '/admin/users', label: 'nav.accounts' },
    { href: '/admin/organizations', label: 'nav.organizations' },
    { href: '/admin/experts', label: 'nav.experts' },
    { href: '/admin/topics', label: 'nav.topics' },
  ],
  observer: [],
};

const LANG_COOKIE = 'cti-lang';
const YEAR_S = 365 * 24 * 3600;

const FAILED_MAIL = '/admin/failed-mail';

/** Each topic's label by its slug, for the page's `topic` helper. */
export const topicLabelsOf = (topics: TopicView[]): Record<string, string> => Object.fromEntries(topics.map((t) => [t.slug, t.label]));

/**
 * What every page shares: the viewer's language, the signed-in user, the anti-forgery token, the
 * message left by the previous action, the navigation; and the cookies that carry them.
 */
@Injectable()
export class WebPages {
  readonly session: { name: string; secure: boolean };
  readonly csrfCookie: string;
  private readonly flashCookie: string;
  /** Extra entries of the navigation (pages that exist only when their service does). */
  private readonly extraNav: Array<NavItem & { roles: Role[] }> = [];
  private readonly accountSections: Array<(viewer: Viewer) => Promise<Record<string, unknown>>> = [];
  private readonly inquirySections: Array<(viewer: Viewer, inquiryId: string) => Promise<Record<string, unknown>>> = [];

  constructor(
    private readonly views: WebViews,
    readonly i18n: WebI18n,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) readonly config: AppConfig,
  ) {
    this.session = sessionCookie(config.publicUrl);
    this.csrfCookie = csrfCookieName(this.session.secure);
    this.flashCookie = this.session.secure ? '__Host-cti-flash' : 'cti-flash';
  }

  addNav(item: NavItem & { roles: Role[] }): void {
    this.extraNav.push(item);
  }

  /** More for the account page, from modules that have something to show there. */
  addAccountSection(section: (viewer: Viewer) => Promise<Record<string, unknown>>): void {
    this.accountSections.push(section);
  }

  /** More for an inquiry's page (its whole view), from modules that have something to show there. */
  addInquirySection(section: (viewer: Viewer, inquiryId: string) => Promise<Record<string, unknown>>): void {
    this.inquirySections.push(section);
  }

  async inquiryExtras(viewer: Viewer, inquiryId: string): Promise<Record<string, unknown>> {
    return Object.assign({}, ...(await Promise.all(this.inquirySections.map((s) => s(viewer, inquiryId)))));
  }

  async accountExtras(viewer: Viewer): Promise<Record<string, unknown>> {
    return Object.assign({}, ...(await Promise.all(this.accountSections.map((s) => s(viewer)))));
  }

  /** The language of this request (and, when `?lang=` chose it, remembered in a cookie). */
  language(req: PageRequest, reply: FastifyReply, me?: UserView | null): WebLanguage {
    const query = (req.query as Record<string, unknown> | undefined)?.lang;
    const lang = this.i18n.negotiate(query, req.cookies[LANG_COOKIE], me?.languages, req.headers['accept-language']);
    if (query === lang && req.cookies[LANG_COOKIE] !== lang) this.rememberLanguage(reply, lang);
    return lang;
  }

  /**
   * The language `render` will show this page in (the account's own languages count): for what a
   * page makes ready in words of its own (the queue's rows and choices).
   */
  async pageLanguage(req: PageRequest, reply: FastifyReply): Promise<WebLanguage> {
    return this.language(req, reply, await this.shownUser(req));
  }

  /**
   * The account signed in, as its header shows it, once per request: a page read (GET) takes it as
   * it was read with the session (AuthGuard); a command's page reads it again, as the command may
   * have changed it (a name, the languages).
   */
  private shownUser(req: PageRequest): Promise<UserView | null> {
    const r = req as SessionReads & { shownUser?: Promise<UserView | null> };
    const viewer = req.viewer;
    if (r.shownUser) return r.shownUser;
    if (!viewer || req.sessionScope !== 'full') r.shownUser = Promise.resolve(null);
    else if (r.account && isPageRead(req)) r.shownUser = Promise.resolve(r.account);
    else r.shownUser = this.users.me(viewer).catch(() => null);
    return r.shownUser;
  }

  /** A page read that changed what was read with the session (see NavItem.count): its navigation counts again. */
  forgetSessionReads(req: PageRequest): void {
    (req as SessionReads).sessionExtras = undefined;
  }

  rememberLanguage(reply: FastifyReply, lang: WebLanguage): void {
    void reply.setCookie(LANG_COOKIE, lang, { path: '/', httpOnly: true, sameSite: 'lax', secure: this.session.secure, maxAge: YEAR_S });
  }

  /** `slots`: what of `data` changes from one request to the next while the page's markup does not (see WebViews.render). */
  async render(req: PageRequest, reply: FastifyReply, page: string, data: Record<string, unknown> = {}, status = 200, slots?: PageSlots): Promise<void> {
    const me = await this.shownUser(req);
    const lang = this.language(req, reply, me);
    const path = routePath(req);
    const nav = me ? await this.navFor(req, me.role, path) : [];
    const flash = this.takeFlash(req, reply);
    const form = data.form as FormState | undefined;
    const html = this.views.renderBytes(
      page,
      {
        ...data,
        form: form ? formView(this.i18n, lang, form) : undefined,
        lang,
        dir: this.i18n.dir(lang),
        me,
        enrolling: req.sessionScope === 'mfa-enrolment',
        nav,
        csrf: this.csrf(req, reply),
        flash,
        // For those whose navigation leads to the failed mail (the secretariat).
        mailAlert: nav.some((n) => n.href === FAILED_MAIL) && this.mail.refusingTooLong() ? { minutes: this.config.notify.alertMs / 60_000 } : null,
        // The layout's own name: a page's form keeps `languages` for its choices (the new query's language).
        pageLanguages: WEB_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], current: code === lang })),
        flashText: this.flashText(lang, flash),
        path,
      },
      slots,
    );
    // As bytes: a string would be scanned for its length in bytes, then encoded again to be written.
    await reply.status(status).type('text/html; charset=utf-8').send(html);
  }

  /** The labels of every topic (retired included), for the `topic` helper. */
  async topicLabels(viewer: Viewer): Promise<Record<string, string>> {
    return topicLabelsOf(await this.topics.list(viewer, true));
  }

  redirect(reply: FastifyReply, to: string, flash?: Flash): void {
    if (flash) this.setFlash(reply, flash);
    void reply.status(303).header('location', to).send();
  }

  setFlash(reply: FastifyReply, flash: Flash): void {
    const value = Buffer.from(JSON.stringify({ ...flash, detail: undefined })).toString('base64url');
    void reply.setCookie(this.flashCookie, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: this.session.secure, maxAge: 60 });
  }

  /** The anti-forgery token for this page's forms; a browser without a secret gets one. */
  csrf(req: PageRequest, reply: FastifyReply): string {
    let secret = (reply as FastifyReply & { csrfSecret?: string }).csrfSecret ?? req.cookies[this.csrfCookie];
    if (!secret) {
      secret = newCsrfSecret();
      this.setCsrfSecret(reply, secret);
    }
    return csrfToken(secret, (reply as FastifyReply & { sessionToken?: string }).sessionToken ?? req.cookies[this.session.name]);
  }

  /** At sign-in: the new session's cookie, and a new anti-forgery secret with it. */
  startSession(reply: FastifyReply, token: string): void {
    void reply.setCookie(this.session.name, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: this.session.secure });
    const secret = newCsrfSecret();
    this.setCsrfSecret(reply, secret);
    Object.assign(reply, { sessionToken: token });
  }

  endSession(reply: FastifyReply): void {
    for (const name of [this.session.name, this.csrfCookie]) {
      void reply.clearCookie(name, { path: '/', httpOnly: true, sameSite: 'strict', secure: this.session.secure });
    }
    void reply.header('clear-site-data', '"cookies"');
  }

  private setCsrfSecret(reply: FastifyReply, secret: string): void {
    void reply.setCookie(this.csrfCookie, secret, { path: '/', httpOnly: true, sameSite: 'strict', secure: this.session.secure });
    Object.assign(reply, { csrfSecret: secret });
  }

  private takeFlash(req: PageRequest, reply: FastifyReply): Flash | null {
    const raw = req.cookies[this.flashCookie];
    if (!raw) return null;
    void reply.clearCookie(this.flashCookie, { path: '/', httpOnly: true, sameSite: 'strict', secure: this.session.secure });
    try {
      const f = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flash;
      if (!((f.kind === 'ok' || f.kind === 'error') && typeof f.key === 'string' && /^[a-zA-Z0-9.-]{1,80}$/.test(f.key))) return null;
      const code = typeof f.code === 'string' && Object.hasOwn(ERROR_CODES, f.code) ? f.code : undefined;
      const params = f.params && typeof f.params === 'object' ? Object.fromEntries(Object.entries(f.params).filter(([, v]) => typeof v === 'string' || typeof v === 'number')) : {};
      return { kind: f.kind, key: f.key, code, params };
    } catch {
      return null;
    }
  }

  /** The refusal under a flash, in the page's language. */
  private flashText(lang: WebLanguage, flash: Flash | null): string | null {
    return flash?.code ? this.i18n.refusal(lang, flash.code, flash.params) : null;
  }

  private async navFor(req: PageRequest, role: Role, path: string): Promise<Array<NavItem & { current: boolean; badge: number | string | null }>> {
    const viewer = req.viewer!;
    const items = [...NAV[role], ...this.extraNav.filter((n) => n.roles.includes(role)), { href: '/account', label: 'nav.account' }];
    const current = items.filter((i) => path === i.href || path.startsWith(i.href + '/')).sort((a, b) => b.href.length - a.href.length)[0];
    // As the header's account (shownUser): what was read with the session serves a page read only.
    const withSession = isPageRead(req) ? (req as SessionReads).sessionExtras : undefined;
    return Promise.all(items.map(async (i) => ({ ...i, current: i === current, badge: i.count ? (await i.count(viewer, withSession)) || null : null })));
  }
}

/**
 * The page's own path for the layout's links (the languages, the current entry of the navigation),
 * rebuilt from the route that matched with its parameters encoded: never the raw request path,
 * which a cross-site request can make `//another.site/...` on a page that answers it (a 403 or a
 * 404). No route matched: the home page.
 */
function routePath(req: FastifyRequest): string {
  const pattern = req.routeOptions?.url;
  if (!pattern) return '/';
  const params = (req.params ?? {}) as Record<string, string | undefined>;
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}
