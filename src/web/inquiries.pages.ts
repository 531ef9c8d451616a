import { BadRequestException, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { downloadHeaders } from '../attachments/filenames.js';
import type { FilePart } from '../attachments/upload-spool.js';
import { AccessPolicy } from '../access/access-policy.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { AUDIT_CURSOR } from '../audit/audit.controller.js';
import type { Viewer } from '../common/viewer.js';
import { AssignmentsService } from '../experts/assignments.service.js';
import { ProposeAssignmentDto } from '../experts/dto/assignment.dto.js';
import { ExpertsService } from '../experts/experts.service.js';
import { Roles, WebPage } from '../identity/decorators.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import { UsersService } from '../identity/users.service.js';
import { CreateInquiryDto } from '../inquiries/dto/create-inquiry.dto.js';
import { ListInquiriesQuery } from '../inquiries/dto/list-inquiries.query.js';
import { AddParticipantDto } from '../inquiries/dto/participant.dto.js';
import { TransitionDto } from '../inquiries/dto/transition.dto.js';
import { TriageDto } from '../inquiries/dto/triage.dto.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../inquiries/inquiry-workflow.service.js';
import type { InquiryListItem, InquiryView } from '../inquiries/inquiry.view.js';
import { INQUIRY_LANGUAGES, OPEN_STATUSES, PRIORITIES, SECRETARIAT_OUTCOMES, STATUSES, URGENCIES, type InquiryStatus } from '../inquiries/workflow.js';
import { PostMessageDto, ReturnMessageDto } from '../messages/dto/message.dto.js';
import type { MessageView } from '../messages/message.view.js';
import { TopicsService } from '../topics/topics.service.js';
import { act, checked, dateField, field, formBody, list, refusal, validated, type FormBody } from './forms.js';
import { LANGUAGE_NAMES, type WebLanguage } from './i18n.js';
import { Messaging } from './messaging.js';
import { readMultipart } from './multipart.js';
import { safeNext, WebErrorFilter } from './web-error.filter.js';
import { WebPages, type PageRequest } from './web-page.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id from the path: anything that is not a UUID is as missing as an unknown one. */
export function pathId(id: string, what = 'not found'): string {
  if (!UUID.test(id)) throw new NotFoundException(what);
  return id.toLowerCase();
}

const QUEUE_TABS = ['open', 'new', 'overdue', 'clearance', 'all'] as const;
/** The list each role lands on: its assignments (an expert), its own queries (a requester), the queue (the secretariat). */
const LISTING = { expert: 'assignments', requester: 'mine', secretariat: 'queue', observer: 'none' } as const;
type QueueTab = (typeof QUEUE_TABS)[number];

interface ThreadNode {
  m: MessageView;
  author: string;
  authorKey: string | null;
  mine: boolean;
  pending: boolean;
  children: ThreadNode[];
}

/** The queries: lists, filing, the query page with its thread, and every command on it. */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class InquiriesPages {
  constructor(
    private readonly pages: WebPages,
    private readonly inquiries: InquiriesService,
    private readonly workflow: InquiryWorkflowService,
    private readonly experts: ExpertsService,
    private readonly assignments: AssignmentsService,
    private readonly messaging: Messaging,
    private readonly topics: TopicsService,
    private readonly users: UsersService,
    private readonly organizations: OrganizationsService,
    private readonly trail: AuditTrail,
    private readonly policy: AccessPolicy,
  ) {}

  @Get('inquiries')
  async list(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    const listing = LISTING[viewer.role];
    if (listing === 'assignments') return this.pages.redirect(reply, '/assignments');
    if (listing === 'none') throw new ForbiddenException('Your role may not do this');
    const query = req.query as Record<string, string | undefined>;
    if (listing === 'mine') {
      const status = STATUSES.includes(query.status as InquiryStatus) ? query.status : undefined;
      const page = await this.inquiries.list(viewer, await validated(ListInquiriesQuery, { status, cursor: query.cursor, limit: 25 }));
      return this.pages.render(req, reply, 'my-queries', {
        title: 'myQueries.title',
        items: page.items,
        total: page.total,
        status,
        statuses: STATUSES,
        next: page.nextCursor ? `/inquiries?${new URLSearchParams({ ...(status ? { status } : {}), cursor: page.nextCursor })}` : null,
      });
    }
    await this.queue(req, reply, viewer, query);
  }

  @Get('inquiries/new')
  @Roles('requester')
  async newForm(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderNewForm(req, reply, {});
  }

  @Post('inquiries')
  @Roles('requester')
  @HttpCode(200)
  async file(@Req() req: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const viewer = req.viewer!;
    let filed: InquiryView | null = null;
    const submit = async (fields: FormBody) => {
      filed = await this.inquiries.submit(viewer, await validated(CreateInquiryDto, newInquiryInput(fields)));
    };
    const { fields, error } = await readMultipart(req, async (part: FilePart, soFar) => {
      if (!filed) await submit(soFar);
      await this.messaging.uploads.toInquiry(viewer, filed!.id, { file: async () => ({ ...part, fieldname: 'file' }) });
    });
    if (!filed && !error) {
      try {
        await submit(fields);
      } catch (err) {
        return this.refuseNewForm(req, reply, fields, err);
      }
    }
    if (!filed) return this.refuseNewForm(req, reply, fields, error);
    const done = filed as InquiryView;
    if (error) {
      const r = refusal(error);
      if (!r) throw error;
      return this.pages.redirect(reply, `/inquiries/${done.id}`, { kind: 'error', key: 'inquiry.filedFileRefused', detail: r.detail });
    }
    this.pages.redirect(reply, `/inquiries/${done.id}`, { kind: 'ok', key: 'inquiry.filed' });
  }

  @Get('inquiries/:id')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const inquiry = await this.inquiries.get(viewer, id);
    const can = inquiry.viewerCan!;
    const topicLabels = await this.pages.topicLabels(viewer);
    // The viewer's own assignments on it (an expert's; others have none), with what it may do with each.
    const mine = (await this.assignments.list(viewer, { mine: 'true', inquiryId: id, limit: 100 })).items;
    if (inquiry.view === 'summary') {
      return this.pages.render(req, reply, 'inquiry-summary', {
        title: 'inquiry.title',
        reference: inquiry.reference,
        inq: inquiry,
        topicLabels,
        proposed: mine.find((a) => a.viewerCan.accept || a.viewerCan.decline) ?? null,
      });
    }
    const thread = await this.messaging.messages.thread(viewer, id);
    const data: Record<string, unknown> = {
      title: 'inquiry.title',
      reference: inquiry.reference,
      inq: inquiry,
      can,
      topicLabels,
      role: viewer.role,
      languageName: LANGUAGE_NAMES[inquiry.language as WebLanguage] ?? inquiry.language,
      transitions: can.transitions.map((m) => ({ to: m.to, label: inquiry.status === 'closed' ? 'reopen' : m.to, outcome: m.needsOutcome, reason: m.needsReason })),
      outcomes: SECRETARIAT_OUTCOMES,
      myAssignment: mine.find((a) => a.viewerCan.complete) ?? null,
      thread: await this.threadTree(viewer, thread),
      pendingCount: thread.filter((m) => m.viewerCan.clear).length,
      returned: thread.filter((m) => m.clearance === 'returned' && m.authorId === viewer.userId),
    };
    if (can.share || can.removeParticipants) Object.assign(data, await this.sharing(viewer, inquiry));
    else Object.assign(data, { participants: await this.participantNames(viewer, inquiry) });
    if (can.triage) Object.assign(data, await this.secretariatPanels(viewer, inquiry, this.pages.language(req, reply), topicLabels));
    Object.assign(data, await this.pages.inquiryExtras(viewer, id));
    await this.pages.render(req, reply, 'inquiry', data);
  }

  @Post('inquiries/:id/messages')
  @HttpCode(200)
  async post(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const back = `/inquiries/${id}`;
    let posted: MessageView | null = null;
    const send = async (fields: FormBody) => {
      const dto = await validated(PostMessageDto, { body: field(fields, 'body', true), parentId: field(fields, 'parentId'), visibility: field(fields, 'visibility') });
      posted = await this.messaging.messages.post(viewer, id, dto);
    };
    const { fields, error } = await readMultipart(req, async (part, soFar) => {
      if (!posted) await send(soFar);
      await this.messaging.uploads.toMessage(viewer, posted!.id, { file: async () => ({ ...part, fieldname: 'file' }) });
    });
    await act(this.pages, reply, back, field(fields, 'visibility') === 'internal' ? 'thread.notePosted' : 'thread.posted', async () => {
      if (error) throw error;
      if (!posted) await send(fields);
      return `${back}#m-${(posted as MessageView | null)?.id ?? ''}`;
    });
  }

  @Post('inquiries/:id/attachments')
  @Roles('requester', 'secretariat')
  @HttpCode(200)
  async attach(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    let count = 0;
    const { error } = await readMultipart(req, async (part) => {
      await this.messaging.uploads.toInquiry(viewer, id, { file: async () => ({ ...part, fieldname: 'file' }) });
      count += 1;
    });
    await act(this.pages, reply, `/inquiries/${id}`, 'inquiry.attached', async () => {
      if (error) throw error;
      if (count === 0) throw new BadRequestException('choose a file to attach');
    });
  }

  @Get('attachments/:id')
  async download(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const { view, stream } = await this.messaging.uploads.download(req.viewer!, pathId(rawId));
    await reply.headers(downloadHeaders(view)).send(stream);
  }

  @Post('inquiries/:id/participants')
  @Roles('requester', 'secretariat')
  async share(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    await act(this.pages, reply, `/inquiries/${id}`, 'inquiry.shared', async () => {
      await this.workflow.share(req.viewer!, id, await validated(AddParticipantDto, { userId: field(formBody(req.body), 'userId') }));
    });
  }

  @Post('inquiries/:id/participants/:userId/remove')
  @Roles('requester', 'secretariat')
  async unshare(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string, @Param('userId') rawUser: string): Promise<void> {
    const id = pathId(rawId);
    const userId = pathId(rawUser);
    await act(this.pages, reply, `/inquiries/${id}`, 'inquiry.participantRemoved', async () => {
      await this.workflow.removeParticipant(req.viewer!, id, userId);
    });
  }

  @Post('inquiries/:id/transitions')
  async transition(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    await act(this.pages, reply, `/inquiries/${id}`, 'inquiry.moved', async () => {
      const dto = await validated(TransitionDto, { to: field(body, 'to'), reason: field(body, 'reason'), outcome: field(body, 'outcome') });
      await this.workflow.transition(req.viewer!, id, dto);
    });
  }

  @Post('inquiries/:id/triage')
  @Roles('secretariat')
  async triage(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    await act(this.pages, reply, `/inquiries/${id}`, 'triage.saved', async () => {
      const primary = field(body, 'primaryTopic');
      const dto = await validated(TriageDto, {
        version: Number(field(body, 'version')),
        priority: field(body, 'priority'),
        tags: (field(body, 'tags') ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        dueAt: field(body, 'dueAt') === undefined ? null : dateField(body, 'dueAt'),
        topics: primary ? [primary, ...list(body, 'topics').filter((t) => t !== primary)] : undefined,
      });
      await this.workflow.triage(req.viewer!, id, dto);
    });
  }

  @Post('inquiries/:id/assignments')
  @Roles('secretariat')
  async assign(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    await act(this.pages, reply, `/inquiries/${id}`, 'assign.proposed', async () => {
      const reason = field(body, 'overrideReason');
      const dto = await validated(ProposeAssignmentDto, {
        expertId: field(body, 'expertId'),
        role: field(body, 'role'),
        dueAt: dateField(body, 'dueAt'),
        overrideConflict: reason ? { reason } : undefined,
      });
      await this.assignments.propose(req.viewer!, id, dto);
    });
  }

  @Post('assignments/:id/withdraw')
  @Roles('secretariat')
  async withdrawAssignment(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const back = field(formBody(req.body), 'back');
    await act(this.pages, reply, safeNext(back) ? back : '/inquiries', 'assign.withdrawn', async () => {
      await this.assignments.withdraw(req.viewer!, id);
    });
  }

  @Post('messages/:id/clear')
  @Roles('secretariat')
  async clear(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const back = field(formBody(req.body), 'back');
    await act(this.pages, reply, safeNext(back) ? back : '/inquiries', 'thread.cleared', async () => {
      const m = await this.messaging.messages.clear(req.viewer!, id);
      return `/inquiries/${m.inquiryId}#m-${m.id}`;
    });
  }

  @Post('messages/:id/return')
  @Roles('secretariat')
  async returnReply(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const id = pathId(rawId);
    const body = formBody(req.body);
    const back = field(body, 'back');
    await act(this.pages, reply, safeNext(back) ? back : '/inquiries', 'thread.returned', async () => {
      const m = await this.messaging.messages.returnToAuthor(req.viewer!, id, await validated(ReturnMessageDto, { reason: field(body, 'reason') }));
      return `/inquiries/${m.inquiryId}#m-${m.id}`;
    });
  }

  @Get('inquiries/:id/audit')
  @Roles('secretariat')
  async audit(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const { inquiry } = await this.inquiries.requireVisible(viewer, id);
    const cursor = (req.query as Record<string, string | undefined>).cursor;
    if (cursor !== undefined && !AUDIT_CURSOR.test(cursor)) throw new BadRequestException('cursor must be the opaque value of a previous page');
    const page = await this.trail.list({ inquiryId: id }, 50, cursor);
    const names = await this.names(
      viewer,
      page.items.map((e) => e.actorId).filter((a): a is string => a !== null),
    );
    await this.pages.render(req, reply, 'audit', {
      title: 'audit.title',
      reference: inquiry.reference,
      inquiryId: id,
      total: page.total,
      entries: page.items.map((e) => ({ ...e, actor: e.actorId ? (names.get(e.actorId) ?? e.actorId) : null, details: JSON.stringify(e.details) })),
      next: page.nextCursor ? `/inquiries/${id}/audit?cursor=${page.nextCursor}` : null,
    });
  }

  // ---- the secretariat's queue -------------------------------------------------------------

  private async queue(req: PageRequest, reply: FastifyReply, viewer: Viewer, query: Record<string, string | undefined>): Promise<void> {
    const tab: QueueTab = QUEUE_TABS.includes(query.tab as QueueTab) ? (query.tab as QueueTab) : 'open';
    const filters = {
      status: STATUSES.includes(query.status as InquiryStatus) ? query.status : undefined,
      topic: query.topic || undefined,
      country: query.country || undefined,
      urgency: URGENCIES.includes(query.urgency as never) ? query.urgency : undefined,
      q: query.q?.trim() || undefined,
    };
    const byTab: Record<QueueTab, Record<string, unknown>> = {
      open: { status: filters.status ?? OPEN_STATUSES.join(',') },
      new: { status: 'submitted' },
      overdue: { status: filters.status ?? OPEN_STATUSES.join(','), overdue: 'true' },
      clearance: { status: filters.status ?? OPEN_STATUSES.join(','), awaitingClearance: 'true' },
      all: { status: filters.status },
    };
    const dto = await validated(ListInquiriesQuery, { ...filters, ...byTab[tab], cursor: query.cursor, limit: 25 });
    const [page, topics, orgs] = await Promise.all([this.inquiries.list(viewer, dto), this.topics.list(viewer, true), this.organizations.list(viewer, { limit: 100 })]);
    const pending = await this.messaging.messages.pendingClearance(
      viewer,
      page.items.map((i) => i.id),
    );
    const orgNames = new Map(orgs.items.map((o) => [o.id, o.name]));
    // The list items are this request's own objects: add to them rather than copy each (a spread per row cost more than the row).
    const items = (page.items as InquiryListItem[]).map((i) => Object.assign(i, { pending: pending.get(i.id) ?? 0, organization: orgNames.get(i.organizationId) ?? '' }));
    const keep = Object.fromEntries(Object.entries({ tab, ...filters }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    const lang = this.pages.language(req, reply);
    await this.pages.render(req, reply, 'queue', {
      title: 'queue.title',
      tab,
      tabs: QUEUE_TABS.map((t) => ({ id: t, current: t === tab, href: `/inquiries?tab=${t}` })),
      filters,
      items,
      total: tab === 'clearance' ? items.length : page.total,
      topicLabels: Object.fromEntries(topics.map((t) => [t.slug, t.label])),
      statuses: STATUSES,
      urgencies: URGENCIES,
      topics: topics.map((t) => t.slug),
      countries: this.pages.i18n.countryOptions(lang),
      next: tab !== 'clearance' && page.nextCursor ? `/inquiries?${new URLSearchParams({ ...keep, cursor: page.nextCursor })}` : null,
    });
  }

  // ---- the query page ----------------------------------------------------------------------

  /** The thread as a tree (a reply under the message it answers), authors named as the viewer may know them. */
  private async threadTree(viewer: Viewer, thread: MessageView[]): Promise<ThreadNode[]> {
    const names = this.policy.seesNames(viewer)
      ? await this.names(
          viewer,
          thread.map((m) => m.authorId),
        )
      : new Map<string, string>();
    const nodes = new Map<string, ThreadNode>();
    for (const m of thread) {
      const mine = m.authorId === viewer.userId;
      nodes.set(m.id, { m, mine, author: names.get(m.authorId) ?? '', authorKey: mine ? 'thread.you' : `role.${m.authorRole}`, pending: m.clearance === 'pending', children: [] });
    }
    const roots: ThreadNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.m.parentId ? nodes.get(node.m.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }

  /**
   * The sharing panel of those who may share or take a participant off (the filing requester, the
   * secretariat): the colleagues of the requester's organisation, who already follows the query.
   */
  private async sharing(viewer: Viewer, inquiry: InquiryView): Promise<Record<string, unknown>> {
    const can = inquiry.viewerCan;
    const colleagues = (await this.users.list(viewer, { role: 'requester', organizationId: inquiry.organizationId, limit: 100 })).items.filter((u) => u.id !== inquiry.requesterId);
    const following = colleagues.filter((u) => inquiry.participantIds.includes(u.id));
    return {
      participants: following.map((u) => u.name),
      removable: can.removeParticipants ? following.map((u) => ({ id: u.id, name: u.name })) : [],
      shareWith: can.share ? colleagues.filter((u) => u.active && !inquiry.participantIds.includes(u.id)) : [],
    };
  }

  private async participantNames(viewer: Viewer, inquiry: InquiryView): Promise<string[]> {
    if (!viewer.organizationId) return [];
    const colleagues = (await this.users.list(viewer, { role: 'requester', organizationId: viewer.organizationId, limit: 100 })).items;
    return colleagues.filter((u) => inquiry.participantIds.includes(u.id) || u.id === inquiry.requesterId).map((u) => u.name);
  }

  private async secretariatPanels(viewer: Viewer, inquiry: InquiryView, lang: WebLanguage, topicLabels: Record<string, string>): Promise<Record<string, unknown>> {
    const [suggestions, assigned, requester, organization, topics] = await Promise.all([
      this.experts.suggestions(viewer, inquiry.id),
      this.assignments.list(viewer, { inquiryId: inquiry.id, limit: 100 }),
      this.users.get(viewer, inquiry.requesterId),
      this.organizations.get(viewer, inquiry.organizationId),
      this.topics.list(viewer, true),
    ]);
    const names = new Map(suggestions.map((s) => [s.expert.id, s.expert.name]));
    const missing = assigned.items.map((a) => a.expertId).filter((id) => !names.has(id));
    for (const [id, name] of await this.names(viewer, missing)) names.set(id, name);
    // An expert still on the inquiry (its assignment can be withdrawn) cannot be proposed again.
    const standing = new Set(assigned.items.filter((a) => a.viewerCan.withdraw).map((a) => a.expertId));
    return {
      requesterName: requester.name,
      organizationName: organization.name,
      priorities: PRIORITIES,
      tagsText: inquiry.tags.join(', '),
      primaryTopic: inquiry.topics[0],
      topicChoices: topics.filter((t) => !t.retired || inquiry.topics.includes(t.slug)).map((t) => ({ slug: t.slug, secondary: inquiry.topics.slice(1).includes(t.slug) })),
      suggestions: suggestions.map((s) => ({
        ...s,
        standing: standing.has(s.expert.id),
        reasons: s.reasons.map((r) => this.reason(lang, r, topicLabels)),
        conflicts: s.conflicts.map((r) => this.reason(lang, r, topicLabels)),
      })),
      assigned: assigned.items.map((a) => ({ ...a, name: names.get(a.expertId) ?? a.expertId })),
    };
  }

  /** A reason or conflict of the ranking (which names them in English) in the page's language. */
  private reason(lang: WebLanguage, text: string, topicLabels: Record<string, string>): string {
    const i18n = this.pages.i18n;
    const rules: Array<[RegExp, string, (m: RegExpMatchArray) => Record<string, string>]> = [
      [/^primary topic: (.+)$/, 'suggest.primaryTopic', (m) => ({ topic: i18n.topic(lang, m[1], topicLabels[m[1]]) })],
      [/^secondary topic: (.+)$/, 'suggest.secondaryTopic', (m) => ({ topic: i18n.topic(lang, m[1], topicLabels[m[1]]) })],
      [/^works in (\w+)$/, 'suggest.language', (m) => ({ language: LANGUAGE_NAMES[m[1] as WebLanguage] ?? m[1] })],
      [/^knows the region: (.+)$/, 'suggest.region', (m) => ({ region: i18n.t(lang, `region.${m[1]}`) })],
      [/^load (\d+) of (\d+)$/, 'suggest.load', (m) => ({ load: m[1], max: m[2] })],
      [/^at capacity: (\d+) of (\d+) active$/, 'suggest.atCapacity', (m) => ({ load: m[1], max: m[2] })],
      [/^marked unavailable$/, 'suggest.unavailable', () => ({})],
      [/^conflict of interest with (\w+)$/, 'suggest.conflict', (m) => ({ country: i18n.country(lang, m[1]) })],
    ];
    for (const [pattern, key, params] of rules) {
      const m = text.match(pattern);
      if (m) return i18n.t(lang, key, params(m));
    }
    return text;
  }

  /** Display names of some users (the secretariat's pages only): one look-up per distinct user. */
  private async names(viewer: Viewer, ids: string[]): Promise<Map<string, string>> {
    const distinct = [...new Set(ids)].slice(0, 50);
    const found = await Promise.all(
      distinct.map((id) =>
        this.users.get(viewer, id).then(
          (u) => [id, u.name] as const,
          () => [id, id] as const,
        ),
      ),
    );
    return new Map(found);
  }

  private async renderNewForm(req: PageRequest, reply: FastifyReply, values: Record<string, unknown>, error?: { key: string; detail?: string }, status = 200): Promise<void> {
    const viewer = req.viewer!;
    const topics = await this.topics.list(viewer, false);
    const lang = this.pages.language(req, reply);
    const chosen = (values.topics as string[] | undefined) ?? [];
    await this.pages.render(
      req,
      reply,
      'inquiry-new',
      {
        title: 'newQuery.title',
        topicLabels: Object.fromEntries(topics.map((t) => [t.slug, t.label])),
        topicChoices: topics.map((t) => ({ slug: t.slug, secondary: chosen.slice(1).includes(t.slug) })),
        languages: INQUIRY_LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code], selected: code === (values.language ?? lang) })),
        urgencies: URGENCIES,
        values: { urgency: 'normal', ...values, primaryTopic: chosen[0] },
        error,
      },
      status,
    );
  }

  private async refuseNewForm(req: PageRequest, reply: FastifyReply, fields: FormBody, err: unknown): Promise<void> {
    const r = refusal(err);
    if (!r) throw err;
    const input = newInquiryInput(fields);
    await this.renderNewForm(req, reply, { ...input, desiredBy: field(fields, 'desiredBy') }, { key: `error.${r.status}`, detail: r.detail }, r.status);
  }
}

/** The API's CreateInquiryDto from the new-query form: the primary topic first, then the others. */
function newInquiryInput(fields: FormBody): Record<string, unknown> {
  const primary = field(fields, 'primaryTopic');
  const others = list(fields, 'topics').filter((t) => t !== primary);
  return {
    subject: field(fields, 'subject', true)?.trim(),
    body: field(fields, 'body', true),
    topics: primary ? [primary, ...others] : others,
    language: field(fields, 'language'),
    urgency: field(fields, 'urgency'),
    desiredBy: dateField(fields, 'desiredBy'),
    publicationConsent: checked(fields, 'publicationConsent'),
  };
}
