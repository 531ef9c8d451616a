import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const TOPIC_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The topics of an inquiry or a knowledge entry: one to five slugs (the first is the primary). */
export const TopicSlugs = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(5),
    IsString({ each: true }),
    MaxLength(60, { each: true }),
    Matches(TOPIC_SLUG, { each: true, message: 'topics must hold topic slugs' }),
  );
const ONE_LINE = /^[^\r\n\t<>]+$/;

export class CreateTopicDto {
  @IsString()
  @MaxLength(60)
  @Matches(TOPIC_SLUG, { message: 'slug must be lower-case words joined by hyphens' })
  slug: string;

  @IsString()
  @MaxLength(60)
  @Matches(TOPIC_SLUG, { message: 'group must be lower-case words joined by hyphens' })
  group: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(ONE_LINE, { message: 'label must be one line without < or >' })
  label: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  covers?: string;
}

export class UpdateTopicDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(ONE_LINE, { message: 'label must be one line without < or >' })
  label?: string;

  @IsOptional()
  @IsBoolean()
  retired?: boolean;
}

export class ListTopicsQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  @Transform(({ value }) => value)
  includeRetired?: 'true' | 'false';
}
