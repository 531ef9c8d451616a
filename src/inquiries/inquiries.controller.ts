import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { AuditTrail, type AuditEntryView } from '../audit/audit-trail.js';
import { AuditQuery } from '../audit/audit.controller.js';
import type { Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { idempotencyKey } from '../database/idempotency.js';
import { CurrentViewer, Roles } from '../identity/decorators.js';
import { CreateInquiryDto } from './dto/create-inquiry.dto.js';
import { ListInquiriesQuery } from './dto/list-inquiries.query.js';
import { AddParticipantDto } from './dto/participant.dto.js';
import { TransitionDto } from './dto/transition.dto.js';
import { TriageDto } from './dto/triage.dto.js';
import { InquiriesService } from './inquiries.service.js';
import { InquiryWorkflowService } from './inquiry-workflow.service.js';
import type { InquiryListItem, InquirySummaryView, InquiryView } from './inquiry.view.js';

const Id = () => Param('id', new ParseUUIDPipe());

@Controller('api/v1/inquiries')
export class InquiriesController {
  constructor(
    private readonly inquiries: InquiriesService,
    private readonly workflow: InquiryWorkflowService,
    private readonly trail: AuditTrail,
  ) {}

  @Post()
  @Roles('requester', 'secretariat')
  submit(
    @CurrentViewer() viewer: Viewer,
    @Body() dto: CreateInquiryDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<InquiryView> {
    return this.inquiries.submit(viewer, dto, idempotencyKey(key));
  }

  @Get()
  list(@CurrentViewer() viewer: Viewer, @Query() query: ListInquiriesQuery): Promise<Page<InquiryListItem | InquirySummaryView>> {
    return this.inquiries.list(viewer, query);
  }

  @Get(':id')
  get(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<InquiryView | InquirySummaryView> {
    return this.inquiries.get(viewer, id);
  }

  @Patch(':id')
  @Roles('secretariat')
  triage(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: TriageDto): Promise<InquiryView> {
    return this.workflow.triage(viewer, id, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  transition(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: TransitionDto): Promise<InquiryView> {
    return this.workflow.transition(viewer, id, dto);
  }

  @Post(':id/participants')
  @Roles('requester', 'secretariat')
  share(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: AddParticipantDto) {
    return this.workflow.share(viewer, id, dto);
  }

  @Delete(':id/participants/:userId')
  @HttpCode(204)
  @Roles('requester', 'secretariat')
  unshare(@CurrentViewer() viewer: Viewer, @Id() id: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    return this.workflow.removeParticipant(viewer, id, userId);
  }

  @Get(':id/audit')
  @Roles('secretariat')
  async audit(@CurrentViewer() viewer: Viewer, @Id() id: string, @Query() q: AuditQuery): Promise<Page<AuditEntryView>> {
    await this.inquiries.requireVisible(viewer, id);
    return this.trail.list({ inquiryId: id, actorId: q.actorId, action: q.action }, q.limit, q.cursor);
  }
}
