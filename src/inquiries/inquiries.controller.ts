import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiExtraModels, ApiForbiddenResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditEntryView, AuditTrail } from '../audit/audit-trail.js';
import { AuditQuery } from '../audit/audit.controller.js';
import { PageOf, type Page } from '../common/page.js';
import type { Viewer } from '../common/viewer.js';
import { idempotencyKey } from '../database/idempotency.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { CreateInquiryDto } from './dto/create-inquiry.dto.js';
import { ListInquiriesQuery } from './dto/list-inquiries.query.js';
import { AddParticipantDto } from './dto/participant.dto.js';
import { TransitionDto } from './dto/transition.dto.js';
import { TriageDto } from './dto/triage.dto.js';
import { InquiriesService } from './inquiries.service.js';
import { InquiryWorkflowService } from './inquiry-workflow.service.js';
import { INQUIRY, INQUIRY_IN_LIST, InquiryListItem, InquirySummaryView, InquiryView } from './inquiry.view.js';
import { ParticipantView } from './participant.view.js';

const Id = () => Param('id', new ParseUUIDPipe());

@Controller('api/v1/inquiries')
@ApiTags('inquiries')
@ApiExtraModels(InquiryView, InquiryListItem, InquirySummaryView)
export class InquiriesController {
  constructor(
    private readonly inquiries: InquiriesService,
    private readonly workflow: InquiryWorkflowService,
    private readonly trail: AuditTrail,
  ) {}

  @Post()
  @Roles('requester', 'secretariat')
  @ApiCreatedResponse({ type: InquiryView, description: 'Filed with status submitted; a retry with the same Idempotency-Key returns the first one' })
  submit(@CurrentViewer() viewer: Viewer, @Body() dto: CreateInquiryDto, @Headers('idempotency-key') key?: string): Promise<InquiryView> {
    return this.inquiries.submit(viewer, dto, idempotencyKey(key));
  }

  @Get()
  @ApiOkResponse({ type: PageOf({ name: 'InquiryListPage', schema: INQUIRY_IN_LIST }), description: 'What the caller may see, newest first: no bodies' })
  list(@CurrentViewer() viewer: Viewer, @Query() query: ListInquiriesQuery): Promise<Page<InquiryListItem | InquirySummaryView>> {
    return this.inquiries.list(viewer, query);
  }

  @Get(':id')
  @ApiOkResponse({ schema: INQUIRY, description: 'The whole inquiry, or its summary for an expert whose assignment is only proposed' })
  get(@CurrentViewer() viewer: Viewer, @Id() id: string): Promise<InquiryView | InquirySummaryView> {
    return this.inquiries.get(viewer, id);
  }

  @Patch(':id')
  @Roles('secretariat')
  @ApiOkResponse({ type: InquiryView })
  @ApiConflictResponse({ description: 'The inquiry has changed since this version' })
  triage(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: TriageDto): Promise<InquiryView> {
    return this.workflow.triage(viewer, id, dto);
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOkResponse({ type: InquiryView })
  @ApiForbiddenResponse({ description: 'You may read this inquiry but not change its status' })
  @ApiConflictResponse({ description: 'The move is not allowed from this status for your role (the message names the allowed targets), or the status changed meanwhile' })
  transition(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: TransitionDto): Promise<InquiryView> {
    return this.workflow.transition(viewer, id, dto);
  }

  @Post(':id/participants')
  @Roles('requester', 'secretariat')
  @ApiCreatedResponse({ type: ParticipantView })
  @ApiForbiddenResponse({ description: 'Only the requester who filed it, or the secretariat, may share an inquiry' })
  @ApiConflictResponse({ description: "The inquiry is closed or withdrawn, or the user is not another active requester of the requester's organisation, or already shares it" })
  share(@CurrentViewer() viewer: Viewer, @Id() id: string, @Body() dto: AddParticipantDto): Promise<ParticipantView> {
    return this.workflow.share(viewer, id, dto);
  }

  @Delete(':id/participants/:userId')
  @HttpCode(204)
  @Roles('requester', 'secretariat')
  @ApiNoContentResponse({ description: 'The colleague no longer sees the inquiry; 404 when the user is not a participant' })
  @ApiForbiddenResponse({ description: 'Only the requester who filed it, or the secretariat, may remove a participant' })
  @ApiConflictResponse({ description: 'The requester who filed the inquiry cannot be removed from it' })
  unshare(@CurrentViewer() viewer: Viewer, @Id() id: string, @Param('userId', new ParseUUIDPipe()) userId: string): Promise<void> {
    return this.workflow.removeParticipant(viewer, id, userId);
  }

  @Get(':id/audit')
  @Roles('secretariat')
  @ApiOkResponse({ type: PageOf(AuditEntryView), description: "The inquiry's audit trail, newest first" })
  async audit(@CurrentViewer() viewer: Viewer, @Id() id: string, @Query() q: AuditQuery): Promise<Page<AuditEntryView>> {
    await this.inquiries.requireVisible(viewer, id);
    return this.trail.list({ inquiryId: id, actorId: q.actorId, action: q.action }, q.limit, q.cursor);
  }
}
