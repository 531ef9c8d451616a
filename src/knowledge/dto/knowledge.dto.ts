import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { INQUIRY_LANGUAGES } from '../../common/workflow.js';
import { TOPIC_SLUG, TopicSlugs } from '../../topics/topic.dto.js';
import { ENTRY_STATUSES, type EntryStatus } from '../../common/knowledge-status.js';

export const QUESTION_MAX = 2000;
export const ANSWER_MAX = 50_000;

const notBlank = (field: string) => ({ message: `${field} must not be blank` });
const ticked = (item: string) => ({ message: `checklist.${item} must be true: check the draft for it before submitting` });

/** One language's version of an entry: the question and the answer, written anew (never the thread's text). */
export class EntryTextDto {
  @IsIn(INQUIRY_LANGUAGES)
  language: string;

  @IsString()
  @MinLength(1)
  @MaxLength(QUESTION_MAX)
  @Matches(/\S/, notBlank('question'))
  question: string;

  @IsString()
  @MinLength(1)
  @MaxLength(ANSWER_MAX)
  @Matches(/\S/, notBlank('answer'))
  answer: string;
}

export class CreateEntryDto {
  /** The closed, consented inquiry the entry is drawn from: kept for the secretariat and the audit only. */
  @IsUUID()
  sourceInquiryId: string;

  @TopicSlugs()
  topics: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EntryTextDto)
  texts: EntryTextDto[];
}

export class UpdateEntryDto {
  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @TopicSlugs()
  topics?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => EntryTextDto)
  texts?: EntryTextDto[];
}

/** The redaction checklist: every item checked in the draft before it goes to the second approval. */
export class RedactionChecklistDto {
  @Equals(true, ticked('state')) state: true;
  @Equals(true, ticked('institution')) institution: true;
  @Equals(true, ticked('names')) names: true;
  @Equals(true, ticked('dates')) dates: true;
  @Equals(true, ticked('citations')) citations: true;
  @Equals(true, ticked('otherIdentifiers')) otherIdentifiers: true;
}

/** Why a word the identifier scan found may stay (a State named as an example of a treaty party, say). */
export class ScanExplanationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, notBlank('term'))
  term: string;

  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, notBlank('reason'))
  reason: string;
}

export class SubmitEntryDto {
  @IsInt()
  @Min(1)
  version: number;

  @IsObject()
  @ValidateNested()
  @Type(() => RedactionChecklistDto)
  checklist: RedactionChecklistDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ScanExplanationDto)
  explanations?: ScanExplanationDto[];
}

export class ApproveEntryDto {
  @IsInt()
  @Min(1)
  version: number;
}

export class UnpublishEntryDto {
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, notBlank('reason'))
  reason: string;
}

export class ListEntriesQuery extends PageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(TOPIC_SLUG, { message: 'topic must be a topic slug' })
  topic?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @IsOptional()
  @IsIn(INQUIRY_LANGUAGES)
  language?: string;

  @IsOptional()
  @IsIn(ENTRY_STATUSES)
  status?: EntryStatus;
}

export class ConsentAnswerDto {
  @IsBoolean()
  consent: boolean;
}

/** The topics a requester chose while filing ("questions like yours"): up to five slugs. */
export class SimilarQuery {
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  @Matches(TOPIC_SLUG, { each: true, message: 'topics must be topic slugs' })
  topics: string[];
}
