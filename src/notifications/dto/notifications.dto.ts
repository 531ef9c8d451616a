import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsIsoMoment } from '../../common/validators.js';
import { PageQuery } from '../../common/pagination.js';
import { EMAIL_PREFERENCES, type EmailPreference } from '../notification-preference.entity.js';

export class ListNotificationsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class PreferencesDto {
  @IsIn(EMAIL_PREFERENCES)
  email: EmailPreference;
}

/** "Mark all read": optionally only those created up to a moment (the newest the reader saw), so that one arriving meanwhile stays unread. */
export class MarkAllReadDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Only notifications created at or before this moment' })
  @IsOptional()
  @IsIsoMoment()
  upTo?: string;
}
