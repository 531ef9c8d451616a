import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const TOPIC_SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
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
