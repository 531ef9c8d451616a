import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Min, ValidateIf } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { TREATY_STATUSES, UN_REGIONAL_GROUPS, type TreatyStatus } from '../country.entity.js';

export const COUNTRY_TAG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The secretariat's correction of a State's reference data: only what is given changes, and
 * `asOf` says on what date the corrected figures are true. null clears a nullable figure (unknown).
 */
export class UpdateCountryDto {
  @IsInt()
  @Min(1)
  version: number;

  @Matches(DAY, { message: 'asOf must be a date YYYY-MM-DD' })
  asOf: string;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsIn(UN_REGIONAL_GROUPS)
  @JSONSchema({ nullable: true })
  unRegionalGroup?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(COUNTRY_TAG, { each: true, message: 'each tag must be lower-case words joined by hyphens' })
  tags?: string[];

  @IsOptional()
  @IsIn(TREATY_STATUSES)
  uncatStatus?: TreatyStatus;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @Matches(DAY, { message: 'uncatDate must be a date YYYY-MM-DD or null' })
  @JSONSchema({ nullable: true })
  uncatDate?: string | null;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsBoolean()
  @JSONSchema({ nullable: true })
  art20OptOut?: boolean | null;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsBoolean()
  @JSONSchema({ nullable: true })
  art21Declared?: boolean | null;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsBoolean()
  @JSONSchema({ nullable: true })
  art22Declared?: boolean | null;

  @IsOptional()
  @IsIn(TREATY_STATUSES)
  opcatStatus?: TreatyStatus;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsBoolean()
  @JSONSchema({ nullable: true })
  npmDesignated?: boolean | null;
}
