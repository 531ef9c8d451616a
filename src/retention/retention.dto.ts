import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { JSONSchema } from 'class-validator-jsonschema';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested, IsObject } from 'class-validator';
import type { Outcome } from '../common/workflow.js';
import { MAX_MONTHS, RETENTION_OUTCOMES } from './retention-policy.js';

export class RetentionPeriodDto {
  @ApiProperty({ enum: RETENTION_OUTCOMES })
  @IsIn(RETENTION_OUTCOMES)
  outcome: Outcome;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_MONTHS, description: 'Months after the inquiry ended (closed or withdrawn)' })
  @IsInt()
  @Min(1, { message: 'months must be at least 1' })
  @Max(MAX_MONTHS)
  months: number;
}

export class UpdateRetentionDto {
  @ApiProperty({ type: () => RetentionPeriodDto, isArray: true, description: 'The periods to change; outcomes not given keep theirs' })
  // Each item an object: an array item (`[[]]`) passes ValidateNested and broke the service (500).
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RetentionPeriodDto)
  // The schema generator reads the design type (Array), not @Type: name the items' class here.
  @JSONSchema({ items: { $ref: '#/components/schemas/RetentionPeriodDto' } })
  @ArrayMinSize(1)
  @ArrayMaxSize(RETENTION_OUTCOMES.length)
  periods: RetentionPeriodDto[];
}

export class LegalHoldDto {
  @ApiProperty({ minLength: 3, maxLength: 500, description: 'Why the inquiry must be kept (sealed; never in the audit trail)' })
  @IsString()
  @MinLength(3, { message: 'reason must say why the inquiry is held' })
  @MaxLength(500)
  @Matches(/\S/, { message: 'reason must say why the inquiry is held' })
  reason: string;
}

export class RetentionDueQuery {
  @IsOptional() @IsISO8601({ strict: true }) before?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
}
