import { BadRequestException, Controller, Get, HttpCode, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { FilePart } from '../../attachments/upload-spool.js';
import { Roles, WebPage } from '../../common/decorators.js';
import { CreateInquiryDto } from '../../inquiries/dto/create-inquiry.dto.js';
import { AddParticipantDto } from '../../inquiries/dto/participant.dto.js';
import { TransitionDto } from '../../inquiries/dto/transition.dto.js';
import { TriageDto } from '../../inquiries/dto/triage.dto.js';
import { InquiriesService } from '../../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../../inquiries/inquiry-workflow.service.js';
import type { InquiryView } from '../../inquiries/inquiry.view.js';
import { endsInquiry, STATUSES, type InquiryStatus } from '../../common/workflow.js';
import { TopicsService } from '../../topics/topics.service.js';
import { act, field, formBody, refusal, validated, type FormBody } from '../forms.js';
import type { FormRefusal } from '../form-view.js';
import { Messaging } from '../messaging.js';
import { readMultipart } from '../multipart.js';
import { pathId } from '../path-id.js';
import { WebErrorFilter } from '../web-error.filter.js';
import { WebPages, type PageRequest } from '../web-page.js';
import { InquiryPage, moveForm, triageForm } from './inquiry-page.js';
import { confirmMoveView, newFormView, newInquiryInput, newQueryRefusal, triageInput, triageValues } from './inquiry.presenter.js';

/** The query itself: filing it, its page (composed by InquiryPage), and the commands on the inquiry (status, triage, sharing, files). */
@Controller()
@WebPage()
@UseFilters(WebErrorFilter)
export class InquiryPages {
  constructor(
    private readonly pages: WebPages,
    private readonly page: InquiryPage,
    private readonly inquiries: InquiriesService,
    private readonly workflow: InquiryWorkflowService,
    private readonly messaging: Messaging,
    private readonly topics: TopicsService,
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
    await this.page.render(req, reply, pathId(rawId));
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
    await act(
      this.pages,
      reply,
      `/inquiries/${id}`,
      'inquiry.moved',
      async () => {
        await this.workflow.transition(viewer, id, await validated(TransitionDto, move));
      },
      // The page again with the move's form open, its outcome and reason as chosen.
      (refused) => this.page.render(req, reply, id, moveForm(move.to ?? '', move, refused), refused.status),
    );
  }

  /** The triage in one form: priority, due date, tags and topics, and (when it may) "mark as triaged" with them. */
  @Post('inquiries/:id/triage')
  @Roles('secretariat')
  async triage(@Req() req: PageRequest, @Res() reply: FastifyReply, @Param('id') rawId: string): Promise<void> {
    const viewer = req.viewer!;
    const id = pathId(rawId);
    const body = formBody(req.body);
    const markTriaged = field(body, 'markTriaged') === 'yes';
    await act(
      this.pages,
      reply,
      `/inquiries/${id}`,
      markTriaged ? 'qp.savedAndTriaged' : 'triage.saved',
      async () => {
        await this.workflow.triage(viewer, id, await validated(TriageDto, triageInput(body)));
        if (markTriaged) await this.workflow.transition(viewer, id, await validated(TransitionDto, { to: 'triaged' }));
      },
      (refused) => this.page.render(req, reply, id, triageForm(triageValues(body), refused), refused.status),
    );
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
