import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { IsIsoMoment } from '../../common/validators.js';
import { TopicSlugs } from '../../topics/topic.dto.js';
import { INQUIRY_LANGUAGES, URGENCIES, type Urgency } from '../../common/workflow.js';

export const SUBJECT_MAX = 300;
export const BODY_MAX = 50_000;

export class CreateInquiryDto {
  @IsString()
  @MinLength(1)
  @MaxLength(SUBJECT_MAX)
  @Matches(/\S/, { message: 'subject must not be blank' })
  subject: string;

  @IsString()
  @MinLength(1)
  @MaxLength(BODY_MAX)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  @TopicSlugs()
  topics: string[];

  @IsIn(INQUIRY_LANGUAGES)
  language: string;

  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @IsOptional()
  @IsIsoMoment()
  desiredBy?: string;

  @IsOptional()
  @IsBoolean()
  publicationConsent?: boolean;

  @IsOptional()
  @IsUUID()
  onBehalfOf?: string;
}
