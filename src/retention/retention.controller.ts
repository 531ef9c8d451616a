import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Viewer } from '../common/viewer.js';
import { CurrentViewer, Roles } from '../common/decorators.js';
import { LegalHoldDto, RetentionDueQuery, UpdateRetentionDto } from './retention.dto.js';
import { RetentionService } from './retention.service.js';
import { LegalHoldView, RetentionDueView, RetentionPolicyView } from './retention.views.js';

const Id = () => Param('inquiryId', new ParseUUIDPipe());

@Controller('api/v1/retention')
@Roles('secretariat')
@ApiTags('retention')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Get()
  @ApiOkResponse({ type: RetentionPolicyView, description: 'The retention period of every outcome' })
  policy(): Promise<RetentionPolicyView> {
    return this.retention.policy();
  }

  @Put()
  @ApiOkResponse({ type: RetentionPolicyView })
  @ApiConflictResponse({ description: 'An outcome was given twice' })
  update(@CurrentViewer() viewer: Viewer, @Body() dto: UpdateRetentionDto): Promise<RetentionPolicyView> {
    return this.retention.updatePolicy(viewer, dto);
  }

  @Get('due')
  @ApiOkResponse({ type: RetentionDueView, description: 'The dry run: what a purge at `before` (default now) would take; references and dates only' })
  due(@Query() q: RetentionDueQuery): Promise<RetentionDueView> {
    return this.retention.due(q.before, q.limit);
  }

  @Get('holds')
  @ApiOkResponse({ type: LegalHoldView, isArray: true, description: 'The legal holds standing, newest first (at most 100)' })
  holds(): Promise<LegalHoldView[]> {
    return this.retention.holds();
  }

  @Put('holds/:inquiryId')
  @ApiOkResponse({ type: LegalHoldView, description: 'The hold is set (or its reason replaced): the inquiry is not purged while it stands' })
  @ApiConflictResponse({ description: 'The inquiry was already purged' })
  hold(@CurrentViewer() viewer: Viewer, @Id() inquiryId: string, @Body() dto: LegalHoldDto): Promise<LegalHoldView> {
    return this.retention.setHold(viewer, inquiryId, dto);
  }

  @Delete('holds/:inquiryId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The hold is released' })
  release(@CurrentViewer() viewer: Viewer, @Id() inquiryId: string): Promise<void> {
    return this.retention.releaseHold(viewer, inquiryId);
  }
}
