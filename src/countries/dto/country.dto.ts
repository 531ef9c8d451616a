import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { M49_REGIONS, TREATY_STATUSES, UN_REGIONAL_GROUPS, type TreatyStatus } from '../country.entity.js';

export const COUNTRY_TAG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** An M49 subregion or intermediate region as the UN names it ("Latin America and the Caribbean", "Middle Africa"). */
const REGION_NAME = /^[A-Za-z][A-Za-z ,.'-]*$/;

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

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsIn(M49_REGIONS)
  @JSONSchema({ nullable: true })
  m49Region?: string | null;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(REGION_NAME, { message: 'm49Subregion must be a region name (letters, spaces, hyphens)' })
  @JSONSchema({ nullable: true })
  m49Subregion?: string | null;

  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @IsString()
  @MaxLength(60)
  @Matches(REGION_NAME, { message: 'm49IntermediateRegion must be a region name (letters, spaces, hyphens)' })
  @JSONSchema({ nullable: true })
  m49IntermediateRegion?: string | null;

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
