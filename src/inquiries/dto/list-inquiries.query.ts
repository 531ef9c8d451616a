import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { IsCountryCode } from '../../identity/countries.js';
import { TOPIC_SLUG } from '../../topics/topic.dto.js';
import { STATUSES, URGENCIES } from '../../common/workflow.js';

const STATUS_LIST = new RegExp(`^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`);

export class ListInquiriesQuery extends PageQuery {
  /** One status or several, comma-separated. */
  @IsOptional()
  @Matches(STATUS_LIST, { message: `status must be one or more of ${STATUSES.join(', ')}, comma-separated` })
  status?: string;

  @IsOptional()
  @MaxLength(60)
  @Matches(TOPIC_SLUG, { message: 'topic must be a topic slug' })
  topic?: string;

  @IsOptional()
  @IsCountryCode()
  country?: string;

  @IsOptional()
  @IsIn(URGENCIES)
  urgency?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  /** Only inquiries with a reply waiting for the secretariat's clearance. */
  @IsOptional()
  @IsIn(['true', 'false'])
  awaitingClearance?: 'true' | 'false';

  /** An expert's id, or `me`. */
  @IsOptional()
  @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'assignedTo must be an expert id or "me"' })
  assignedTo?: string;

  /** Words of the subject, or a reference. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
