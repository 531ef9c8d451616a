import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SECRETARIAT_OUTCOMES, STATUSES, type InquiryStatus } from '../../common/workflow.js';

export class TransitionDto {
  @IsIn(STATUSES)
  to: InquiryStatus;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason?: string;

  @IsOptional()
  @IsIn(SECRETARIAT_OUTCOMES)
  outcome?: (typeof SECRETARIAT_OUTCOMES)[number];
}
