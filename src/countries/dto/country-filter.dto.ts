import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TREATY_STATUSES, UN_REGIONAL_GROUPS } from '../country.entity.js';
import { COUNTRY_TAG } from './country.dto.js';

/** The secretariat's filter over the States (the countries page): words of the name or the code, a UN group, a tag, a status, the figures still to check. */
export class CountryFilter {
  @IsOptional()
  @IsString()
  @MaxLength(60)
  q?: string;

  @IsOptional()
  @IsIn(UN_REGIONAL_GROUPS)
  group?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(COUNTRY_TAG, { message: 'tag must be lower-case words joined by hyphens' })
  tag?: string;

  @IsOptional()
  @IsIn(TREATY_STATUSES)
  uncat?: string;

  @IsOptional()
  @IsIn(['1'])
  uncertain?: string;
}
