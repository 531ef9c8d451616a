import { Type } from 'class-transformer';
import { Equals, IsIn, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsIsoMoment } from '../../common/validators.js';
import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '../../common/assignment-status.js';
import { ASSIGNMENT_ROLES, type AssignmentRole } from '../assignment.entity.js';

const REASON = { message: 'reason must not be blank' };

export class OverrideConflictDto {
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/\S/, REASON)
  reason: string;
}

export class ProposeAssignmentDto {
  @IsUUID()
  expertId: string;

  @IsIn(ASSIGNMENT_ROLES)
  role: AssignmentRole;

  @IsOptional()
  @IsIsoMoment()
  dueAt?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OverrideConflictDto)
  overrideConflict?: OverrideConflictDto;
}

export class AcceptAssignmentDto {
  @Equals(true, { message: 'noConflict must be true: declare that you have no conflict of interest' })
  noConflict: true;
}

export class DeclineAssignmentDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, REASON)
  reason: string;
}

export class ListAssignmentsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: 'true' | 'false';

  @IsOptional()
  @IsIn(ASSIGNMENT_STATUSES)
  status?: AssignmentStatus;

  @IsOptional()
  @IsUUID()
  inquiryId?: string;
}
