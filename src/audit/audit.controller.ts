import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { Roles } from '../common/decorators.js';
import { PageOf } from '../common/page.js';
import { AuditEntryView, AuditTrail, AuditVerification } from './audit-trail.js';

/** A previous page's last position, or its last entry's id while that entry was unsealed. */
export const AUDIT_CURSOR = /^(\d{1,12}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export class AuditQuery {
  @IsOptional() @IsUUID() inquiryId?: string;
  @IsOptional() @IsUUID() actorId?: string;
  @IsOptional() @Matches(/^[a-z][a-z.-]{1,59}$/, { message: 'action must be an action name such as inquiry.read' }) action?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @Matches(AUDIT_CURSOR, { message: 'cursor must be the opaque value of a previous page' }) cursor?: string;
}

@Controller('api/v1/audit')
@Roles('secretariat')
@ApiTags('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @ApiOkResponse({ type: PageOf(AuditEntryView), description: 'Newest first' })
  list(@Query() q: AuditQuery): Promise<{ items: AuditEntryView[]; total: number; nextCursor: string | null }> {
    return this.trail.list({ inquiryId: q.inquiryId, actorId: q.actorId, action: q.action }, q.limit, q.cursor);
  }

  @Get('verify')
  @ApiOkResponse({ type: AuditVerification, description: 'Recomputes the whole chain and compares it with the signed checkpoints' })
  verify(): Promise<AuditVerification> {
    return this.trail.verify();
  }
}
