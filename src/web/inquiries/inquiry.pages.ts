import { BadRequestException, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccessPolicy } from '../../access/access-policy.js';
import type { FilePart } from '../../attachments/upload-spool.js';
import type { Viewer } from '../../common/viewer.js';
import { AssignmentsService } from '../../experts/assignments.service.js';
import { ExpertsService } from '../../experts/experts.service.js';
import { Roles, WebPage } from '../../identity/decorators.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { UsersService } from '../../identity/users.service.js';
import { CreateInquiryDto } from '../../inquiries/dto/create-inquiry.dto.js';
import { AddParticipantDto } from '../../inquiries/dto/participant.dto.js';
import { TransitionDto } from '../../inquiries/dto/transition.dto.js';
import { TriageDto } from '../../inquiries/dto/triage.dto.js';
import { InquiriesService } from '../../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../../inquiries/inquiry-workflow.service.js';
import type { InquiryView } from '../../inquiries/inquiry.view.js';
import { TopicsService } from '../../topics/topics.service.js';
import { act, field, formBody, refusal, validated, type FormBody } from '../forms.js';
import { Messaging } from '../messaging.js';
import { readMultipart } from '../multipart.js';
import { pathId } from '../path-id.js';
import { WebErrorFilter } from '../web-error.filter.js';
import { WebPages, type PageRequest } from '../web-page.js';
import { assignedExpertIds, assignmentsView } from './assignments.presenter.js';
import { inquiryView, newFormView, newInquiryInput, participantsView, sharingView, triageInput, triageView } from './inquiry.presenter.js';
import { threadAuthorIds, threadView } from './thread.presenter.js';

/** The query itself: filing it, its page, and the commands on the inquiry (status, triage, sharing, files). */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class InquiryPages {
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
    private readonly policy: AccessPolicy,
  ) {}

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
    const [topicLabels, mineList] = await Promise.all([
      this.pages.topicLabels(viewer),
      // The viewer's own assignments on it (an expert's; others have none), with what it may do with each.
      this.assignments.list(viewer, { mine: 'true', inquiryId: id, limit: 100 }),
    ]);
    const mine = mineList.items;
    if (inquiry.view === 'summary') {
      return this.pages.render(req, reply, 'inquiry-summary', {
        title: 'inquiry.title',
        reference: inquiry.reference,
        inq: inquiry,
        topicLabels,
        proposed: mine.find((a) => a.viewerCan.accept || a.viewerCan.decline) ?? null,
      });
    }
    const data = { ...inquiryView(inquiry, viewer.role, topicLabels), myAssignment: mine.find((a) => a.viewerCan.complete) ?? null };
    const triage = inquiry.viewerCan.triage;
    const [thread, colleagues, panels, extras] = await Promise.all([
      this.messaging.messages.thread(viewer, id),
      this.colleagues(viewer, inquiry),
      triage ? this.secretariatPanels(viewer, inquiry) : null,
      this.pages.inquiryExtras(viewer, id),
    ]);
    // Every name the page shows (the thread's authors, the requester, the experts on it) in one query.
    const nameIds = [
      ...(this.policy.seesNames(viewer) ? threadAuthorIds(thread) : []),
      ...(panels ? [inquiry.requesterId, ...assignedExpertIds(panels.assigned, panels.suggestions)] : []),
    ];
    const names = nameIds.length ? await this.users.names(viewer, nameIds) : new Map<string, string>();
    Object.assign(data, threadView(viewer, thread, names));
    Object.assign(data, inquiry.viewerCan.share || inquiry.viewerCan.removeParticipants ? sharingView(inquiry, colleagues) : participantsView(inquiry, colleagues));
    if (panels) {
      const lang = this.pages.language(req, reply);
      Object.assign(data, triageView(inquiry, names, panels.organizationName, panels.topics));
      Object.assign(data, assignmentsView(this.pages.i18n, lang, panels.suggestions, panels.assigned, names, topicLabels));
    }
    Object.assign(data, extras);
    await this.pages.render(req, reply, 'inquiry', data);
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
      await this.workflow.triage(req.viewer!, id, await validated(TriageDto, triageInput(body)));
    });
  }

  /** The requester's colleagues who may follow the query: of its organisation for those who may share, else of the viewer's own. */
  private async colleagues(viewer: Viewer, inquiry: InquiryView) {
    const can = inquiry.viewerCan;
    const organizationId = can.share || can.removeParticipants ? inquiry.organizationId : viewer.organizationId;
    if (!organizationId) return [];
    return (await this.users.list(viewer, { role: 'requester', organizationId, limit: 100 })).items;
  }

  private async secretariatPanels(viewer: Viewer, inquiry: InquiryView) {
    const [suggestions, assigned, organization, topics] = await Promise.all([
      this.experts.suggestions(viewer, inquiry.id),
      this.assignments.list(viewer, { inquiryId: inquiry.id, limit: 100 }),
      this.organizations.get(viewer, inquiry.organizationId),
      this.topics.list(viewer, true),
    ]);
    return { suggestions, assigned: assigned.items, organizationName: organization.name, topics };
  }

  private async renderNewForm(req: PageRequest, reply: FastifyReply, values: Record<string, unknown>, error?: { key: string; detail?: string }, status = 200): Promise<void> {
    const topics = await this.topics.list(req.viewer!, false);
    await this.pages.render(req, reply, 'inquiry-new', newFormView(topics, this.pages.language(req, reply), values, error), status);
  }

  private async refuseNewForm(req: PageRequest, reply: FastifyReply, fields: FormBody, err: unknown): Promise<void> {
    const r = refusal(err);
    if (!r) throw err;
    await this.renderNewForm(req, reply, { ...newInquiryInput(fields), desiredBy: field(fields, 'desiredBy') }, { key: `error.${r.status}`, detail: r.detail }, r.status);
  }
}
