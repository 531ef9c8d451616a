import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsCountryCode } from '../../identity/countries.js';
import { TOPIC_SLUG } from '../../topics/topic.dto.js';
import { INQUIRY_LANGUAGES } from '../../common/workflow.js';
import { REGIONS } from '../regions.js';

export class ExpertProfileDto {
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  @Matches(TOPIC_SLUG, { each: true, message: 'topics must hold topic slugs' })
  topics: string[];

  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(INQUIRY_LANGUAGES, { each: true })
  languages: string[];

  @IsArray()
  @ArrayMaxSize(REGIONS.length)
  @IsIn(REGIONS, { each: true })
  regions: string[];

  @IsArray()
  @ArrayMaxSize(250)
  @IsCountryCode({ each: true, message: 'conflictCountries must hold ISO 3166-1 alpha-2 codes' })
  conflictCountries: string[];

  @IsInt()
  @Min(0)
  @Max(100)
  maxActive: number;

  @IsBoolean()
  available: boolean;
}
