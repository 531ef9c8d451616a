import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { PageQuery } from '../common/pagination.js';
import { Roles, WebPage } from '../common/decorators.js';
import { SessionsService } from '../identity/sessions.service.js';
import { UsersService } from '../identity/users.service.js';
import { count } from '../database/raw-sql.js';
import { ListNotificationsQuery, MarkAllReadDto, PreferencesDto } from '../notifications/dto/notifications.dto.js';
import { phraseFor } from '../notifications/event-phrases.js';
import { EMAIL_PREFERENCES } from '../notifications/notification-preference.entity.js';
import { NotificationsService, UNREAD_CAP } from '../notifications/notifications.service.js';
import { act, field, formBody, validated } from './forms.js';
import type { FormState } from './form-view.js';
import type { WebLanguage } from './i18n.js';
import { pathId } from './path-id.js';
import { WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

/** The name of the unread count among the columns read with the web session. */
const UNREAD_COLUMN = 'unreadNotifications';

/** In-app notifications, the email preference, and the secretariat's failed mail. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class NotificationsPages {
  constructor(
    private readonly pages: WebPages,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    sessions: SessionsService,
  ) {
    // The count every page's navigation shows, read with the web session: one statement fewer per page.
    sessions.readWithWebSession(UNREAD_COLUMN, notifications.unreadCountColumn('u.id'));
    pages.addNav({
      href: '/notifications',
      label: 'nav.notifications',
      roles: ['requester', 'expert', 'secretariat'],
      count: async (viewer, withSession) => {
        const read = withSession?.[UNREAD_COLUMN];
        const n = read === undefined ? await this.notifications.unreadCount(viewer) : count(read);
        return n >= UNREAD_CAP ? `${UNREAD_CAP - 1}+` : n;
      },
    });
    pages.addNav({ href: '/admin/failed-mail', label: 'nav.failedMail', roles: ['secretariat'] });
    pages.addAccountSection(async (viewer) => ({ preferences: await this.notifications.preferences(viewer), preferenceChoices: EMAIL_PREFERENCES }));
  }

  @Get('notifications')
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const query = req.query as Record<string, string | undefined>;
    const unread = query.unread === 'true' ? 'true' : undefined;
    const page = await this.notifications.list(req.viewer!, await validated(ListNotificationsQuery, { unread, cursor: query.cursor, limit: 25 }));
    const lang = this.pages.language(req, reply);
    await this.pages.render(req, reply, 'notifications', {
      title: 'notifications.title',
      unread: Boolean(unread),
      total: page.total,
      // "Mark all read" marks what this page could show: nothing that arrives after it was made.
      upTo: new Date().toISOString(),
      anyUnread: unread ? page.total > 0 : (await this.notifications.unreadCount(req.viewer!)) > 0,
      items: page.items.map((n) => ({ ...n, phrase: phrase(n.kind, lang) })),
      next: page.nextCursor ? `/notifications?${new URLSearchParams({ ...(unread ? { unread } : {}), cursor: page.nextCursor })}` : null,
    });
  }

  @Post('notifications/:id/read')
  async markRead(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, '/notifications', 'notifications.marked', () => this.notifications.markRead(req.viewer!, id));
  }

  @Post('notifications/read-all')
  async markAllRead(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = formBody(req.body);
    await act(this.pages, reply, '/notifications', 'notifications.allMarked', async () => {
      await this.notifications.markAllRead(req.viewer!, await validated(MarkAllReadDto, { upTo: field(body, 'upTo') }));
    });
  }

  @Post('account/notifications')
  async setPreferences(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const email = field(formBody(req.body), 'email');
    await act(
      this.pages,
      reply,
      '/account',
      'prefs.saved',
      async () => {
        await this.notifications.setPreferences(req.viewer!, await validated(PreferencesDto, { email }));
      },
      // The account page again, the refusal beside the choices of this form only (the page has several).
      async (refused) => {
        const form: FormState = { name: 'prefs', values: { email }, refusal: refused, ids: { email: 'pref-email' }, labels: { email: 'prefs.email' } };
        await this.pages.render(req, reply, 'account', { title: 'account.title', ...(await this.pages.accountExtras(req.viewer!)), form }, refused.status);
      },
    );
  }

  @Get('admin/failed-mail')
  @Roles('secretariat')
  async failed(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    const cursor = (req.query as Record<string, string | undefined>).cursor;
    const page = await this.notifications.failed(viewer, await validated(PageQuery, { cursor, limit: 25 }));
    const ids = [...new Set(page.items.map((d) => d.recipientId))];
    const names = new Map(
      await Promise.all(
        ids.map((id) =>
          this.users.get(viewer, id).then(
            (u) => [id, `${u.name} <${u.email}>`] as const,
            () => [id, id] as const,
          ),
        ),
      ),
    );
    const lang = this.pages.language(req, reply);
    await this.pages.render(req, reply, 'failed-mail', {
      title: 'failed.title',
      total: page.total,
      items: page.items.map((d) => ({ ...d, phrase: phrase(d.eventKind, lang), recipient: names.get(d.recipientId) ?? d.recipientId })),
      next: page.nextCursor ? `/admin/failed-mail?cursor=${page.nextCursor}` : null,
    });
  }

  @Post('admin/failed-mail/:id/retry')
  @Roles('secretariat')
  async retry(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, '/admin/failed-mail', 'failed.retried', () => this.notifications.retry(req.viewer!, id));
  }
}

/** The kind of an event in words (the same phrases as the emails), first letter up. */
function phrase(kind: string, lang: WebLanguage): string {
  const text = phraseFor(kind, lang) ?? phraseFor(kind, 'en') ?? kind;
  return text.charAt(0).toLocaleUpperCase(lang) + text.slice(1);
}
