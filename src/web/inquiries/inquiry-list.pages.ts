import { Controller, ForbiddenException, Get, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Viewer } from '../../common/viewer.js';
import { WebPage } from '../../common/decorators.js';
import { ListInquiriesQuery } from '../../inquiries/dto/list-inquiries.query.js';
import { InquiriesService } from '../../inquiries/inquiries.service.js';
import type { InquiryListItem } from '../../inquiries/inquiry.view.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TopicsService } from '../../topics/topics.service.js';
import { validated, validatedQuery } from '../forms.js';
import { WebErrorFilter } from '../web-error.filter.js';
import { WebPages, type PageRequest } from '../web-page.js';
import { ChoiceLists } from './choice-lists.js';
import { myQueriesView, myStatusFilter, queueFilters, queueSlots, queueView } from './inquiry-list.presenter.js';
import { QueueRows } from './queue-rows.js';

/** The list each role lands on: its assignments (an expert), its own queries (a requester), the queue (the secretariat). */
const LISTING = { expert: 'assignments', requester: 'mine', secretariat: 'queue', observer: 'none' } as const;

type Query = Record<string, string | undefined>;

/** GET /inquiries: a requester's own queries, or the secretariat's queue. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class InquiryListPages {
  constructor(
    private readonly pages: WebPages,
    private readonly inquiries: InquiriesService,
    private readonly topics: TopicsService,
    private readonly notifications: NotificationsService,
    private readonly choices: ChoiceLists,
    private readonly organizations: OrganizationsService,
    private readonly rows: QueueRows,
  ) {}

  @Get('inquiries')
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    const listing = LISTING[viewer.role];
    if (listing === 'assignments') return this.pages.redirect(reply, '/assignments');
    if (listing === 'none') throw new ForbiddenException('Your role may not do this');
    const query = req.query as Query;
    if (listing === 'mine') return this.mine(req, reply, viewer, query);
    await this.queue(req, reply, viewer, query);
  }

  private async mine(req: PageRequest, reply: FastifyReply, viewer: Viewer, query: Query): Promise<void> {
    const status = myStatusFilter(query);
    const page = await this.inquiries.list(viewer, await validated(ListInquiriesQuery, { status, cursor: query.cursor, limit: 25 }));
    const news = await this.notifications.unreadOn(
      viewer,
      page.items.map((i) => i.id),
    );
    await this.pages.render(req, reply, 'my-queries', myQueriesView({ ...page, items: page.items as InquiryListItem[] }, status, news));
  }

  private async queue(req: PageRequest, reply: FastifyReply, viewer: Viewer, query: Query): Promise<void> {
    const input = queueFilters(query);
    const dto = await validatedQuery(ListInquiriesQuery, input.listQuery);
    const [{ page, counts }, topics, fictional, lang] = await Promise.all([
      this.inquiries.queue(viewer, dto),
      this.topics.list(viewer, true),
      this.organizations.offersFictionalStates(),
      this.pages.pageLanguage(req, reply),
    ]);
    const { filters } = input;
    const choices = {
      status: this.choices.statuses(lang, filters.status),
      topic: this.choices.topics(lang, topics, filters.topic),
      country: this.choices.countries(lang, filters.country, fictional),
      urgency: this.choices.urgencies(lang, filters.urgency),
    };
    const view = queueView(input, page, counts, choices, this.rows.render(lang, page.items, topics));
    view.caption = this.pages.i18n.text(lang, 'queue.count', { count: view.total });
    await this.pages.render(req, reply, 'queue', view, 200, queueSlots(view));
  }
}
