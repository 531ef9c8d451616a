import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsIsoMoment } from '../../common/validators.js';
import { TopicSlugs } from '../../topics/topic.dto.js';
import { PRIORITIES, type Priority } from '../../common/workflow.js';

export class TriageDto {
  @IsInt()
  @Min(0)
  version: number;

  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(40, { each: true })
  @Matches(/^[^\r\n\t<>]+$/, { each: true, message: 'tags must be one line each, without < or >' })
  tags?: string[];

  /** An ISO date-time, or null to clear it. */
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsIsoMoment()
  @JSONSchema({ nullable: true })
  dueAt?: string | null;

  @IsOptional()
  @TopicSlugs()
  topics?: string[];
}
