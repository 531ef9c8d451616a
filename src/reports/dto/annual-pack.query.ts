import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { INQUIRY_LANGUAGES } from '../../common/workflow.js';

/** The earliest year a pack may be asked for: before it there is nothing to report. */
export const FIRST_PACK_YEAR = 2000;

/** The annual pack asked for: a calendar year (not after the current one) and the language of its printable summary. */
export class AnnualPackQuery {
  @ApiProperty({ example: 2026, description: `A calendar year, ${FIRST_PACK_YEAR} to the current one` })
  @Transform(({ value }) => (typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value))
  @IsInt({ message: 'year must be a year YYYY' })
  @Min(FIRST_PACK_YEAR)
  @Max(9999)
  year: number;

  @ApiPropertyOptional({ enum: INQUIRY_LANGUAGES, default: 'en', description: 'Language of the printable summary (the CSV files are the same in every language)' })
  @IsOptional()
  @IsIn(INQUIRY_LANGUAGES)
  lang?: (typeof INQUIRY_LANGUAGES)[number];
}
