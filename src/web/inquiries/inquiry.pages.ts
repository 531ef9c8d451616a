import { BadRequestException, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AccessPolicy } from '../../access/access-policy.js';
import type { FilePart } from '../../attachments/upload-spool.js';
import type { Viewer } from '../../common/viewer.js';
import { AssignmentsService } from '../../experts/assignments.service.js';
import { ExpertsService } from '../../experts/experts.service.js';
import { Roles, WebPage } from '../../common/decorators.js';
import { OrganizationsService } from '../../identity/organizations.service.js';
import { UsersService } from '../../identity/users.service.js';
import { CreateInquiryDto } from '../../inquiries/dto/create-inquiry.dto.js';
import { AddParticipantDto } from '../../inquiries/dto/participant.dto.js';
import { TransitionDto } from '../../inquiries/dto/transition.dto.js';
import { TriageDto } from '../../inquiries/dto/triage.dto.js';
import { InquiriesService } from '../../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../../inquiries/inquiry-workflow.service.js';
import type { InquiryView } from '../../inquiries/inquiry.view.js';
import { endsInquiry, STATUSES, type InquiryStatus } from '../../common/workflow.js';
import { NotificationsService } from '../../notifications/notifications.service.js';
import { TopicsService, type TopicView } from '../../topics/topics.service.js';
import { act, field, formBody, refusal, validated, type FormBody } from '../forms.js';
import type { FormRefusal } from '../form-view.js';
import { Messaging } from '../messaging.js';
import { readMultipart } from '../multipart.js';
import { pathId } from '../path-id.js';
import { WebErrorFilter } from '../web-error.filter.js';
import { topicLabelsOf, WebPages, type PageRequest } from '../web-page.js';
import { assignedExpertIds, assignmentsView } from './assignments.presenter.js';
import { confirmMoveView, inquiryView, newFormView, newInquiryInput, newQueryRefusal, participantsView, sharingView, triageInput, triageView } from './inquiry.presenter.js';
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
    private readonly notifications: NotificationsService,
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
      // Filed, but without its file: said at the top of the query's page, beside a form to attach it again.
      return this.pages.redirect(reply, `/inquiries/${done.id}?file=refused`, { kind: 'error', key: 'inquiry.filedFileRefused', code: r.code, params: r.params });
    }
    this.pages.redirect(reply, `/inquiries/${done.id}`, { kind: 'ok', key: 'inquiry.filed' });
  }

  @Get('inquiries/:id')
  async show(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const inquiry = await this.inquiries.get(viewer, id);
    // Opened, so its notifications to the viewer are read (before the menu counts them).
    // Every topic (retired included) once: the labels the page shows and the triage form's choices.
    const [, topics, mineList] = await Promise.all([
      this.notifications.markInquiryRead(viewer, id),
      this.topics.list(viewer, true),
      // The viewer's own assignments on it (an expert's; others have none), with what it may do with each.
      this.assignments.list(viewer, { mine: 'true', inquiryId: id, limit: 100 }),
    ]);
    const mine = mineList.items;
    const topicLabels = topicLabelsOf(topics);
    if (inquiry.view === 'summary') {
      return this.pages.render(req, reply, 'inquiry-summary', {
        title: 'inquiry.title',
        reference: inquiry.reference,
        inq: inquiry,
        topicLabels,
        proposed: mine.find((a) => a.viewerCan.accept || a.viewerCan.decline) ?? null,
      });
    }
    const triage = inquiry.viewerCan.triage;
    const [thread, colleagues, panels, extras] = await Promise.all([
      this.messaging.messages.thread(viewer, id),
      this.colleagues(viewer, inquiry),
      triage ? this.secretariatPanels(viewer, inquiry, topics) : null,
      this.pages.inquiryExtras(viewer, id),
    ]);
    const pendingClearance = thread.filter((m) => m.viewerCan.clear).length;
    const data = { ...inquiryView(inquiry, viewer.role, topicLabels, pendingClearance), myAssignment: mine.find((a) => a.viewerCan.complete) ?? null };
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
    Object.assign(data, extras, { fileRefused: (req.query as Record<string, unknown>).file === 'refused' && inquiry.viewerCan.attachFiles });
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

  /**
   * A move of the status. One that ends the query (close, withdraw) is not made by the first post:
   * that answers with a page that names what will happen and asks to confirm (a form again, so it
   * works without JavaScript); the confirmation posts the same move with `confirm=yes`.
   */
  @Post('inquiries/:id/transitions')
  async transition(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const body = formBody(req.body);
    const move = { to: field(body, 'to'), reason: field(body, 'reason'), outcome: field(body, 'outcome') };
    if (field(body, 'confirm') !== 'yes' && isEnding(move.to)) {
      const inquiry = await this.inquiries.get(viewer, id);
      const offered = (inquiry.viewerCan?.transitions ?? []).find((m) => m.to === move.to);
      // A move the policy allows, with what it needs: confirm it first. Anything else goes on to the service, which refuses it.
      if (offered && (!offered.needsOutcome || move.outcome) && (!offered.needsReason || move.reason)) {
        return this.pages.render(req, reply, 'inquiry-confirm', confirmMoveView(inquiry, viewer.role, move));
      }
    }
    await act(this.pages, reply, `/inquiries/${id}`, 'inquiry.moved', async () => {
      await this.workflow.transition(viewer, id, await validated(TransitionDto, move));
    });
  }

  /** The triage in one form: priority, due date, tags and topics, and (when it may) "mark as triaged" with them. */
  @Post('inquiries/:id/triage')
  @Roles('secretariat')
  async triage(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const body = formBody(req.body);
    const markTriaged = field(body, 'markTriaged') === 'yes';
    await act(this.pages, reply, `/inquiries/${id}`, markTriaged ? 'qp.savedAndTriaged' : 'triage.saved', async () => {
      await this.workflow.triage(viewer, id, await validated(TriageDto, triageInput(body)));
      if (markTriaged) await this.workflow.transition(viewer, id, await validated(TransitionDto, { to: 'triaged' }));
    });
  }

  /** The requester's colleagues who may follow the query: of its organisation for those who may share, else of the viewer's own. */
  private async colleagues(viewer: Viewer, inquiry: InquiryView) {
    const can = inquiry.viewerCan;
    const organizationId = can.share || can.removeParticipants ? inquiry.organizationId : viewer.organizationId;
    if (!organizationId) return [];
    return (await this.users.list(viewer, { role: 'requester', organizationId, limit: 100 })).items;
  }

  private async secretariatPanels(viewer: Viewer, inquiry: InquiryView, topics: TopicView[]) {
    const [suggestions, assigned, organization] = await Promise.all([
      this.experts.suggestions(viewer, inquiry.id),
      this.assignments.list(viewer, { inquiryId: inquiry.id, limit: 100 }),
      this.organizations.get(viewer, inquiry.organizationId),
    ]);
    return { suggestions, assigned: assigned.items, organizationName: organization.name, topics };
  }

  private async renderNewForm(req: PageRequest, reply: FastifyReply, values: Record<string, unknown>, refused?: FormRefusal, status = 200): Promise<void> {
    const topics = await this.topics.list(req.viewer!, false);
    await this.pages.render(req, reply, 'inquiry-new', newFormView(topics, this.pages.language(req, reply), values, refused), status);
  }

  /** The form again with what was typed (the files are chosen again), each refusal beside its field. */
  private async refuseNewForm(req: PageRequest, reply: FastifyReply, fields: FormBody, err: unknown): Promise<void> {
    const r = refusal(err);
    if (!r) throw err;
    await this.renderNewForm(req, reply, { ...newInquiryInput(fields), desiredBy: field(fields, 'desiredBy') }, newQueryRefusal(r), r.status);
  }
}

/** Whether a move named by a form ends the query (an unknown status does not: the validation refuses it). */
function isEnding(to: string | undefined): boolean {
  return STATUSES.includes(to as InquiryStatus) && endsInquiry(to as InquiryStatus);
}
