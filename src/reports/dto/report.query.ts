import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { BREAKDOWNS } from '../report.view.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The period of a report, inclusive, in UTC days; the threshold may be raised, never lowered below the service's. */
export class ReportQuery {
  @IsString()
  @Matches(DAY, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @IsString()
  @Matches(DAY, { message: 'to must be a date YYYY-MM-DD' })
  to: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(2)
  @Max(50)
  threshold?: number;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  @Matches(new RegExp(`^(${BREAKDOWNS.join('|')})(,(${BREAKDOWNS.join('|')}))*$`), { message: `breakdowns must be a comma-separated list of ${BREAKDOWNS.join(', ')}` })
  breakdowns?: string;
}
