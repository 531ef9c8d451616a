import { IsIn, IsOptional } from 'class-validator';
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
