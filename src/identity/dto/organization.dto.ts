import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsCountryCode } from '../countries.js';
import { ORGANIZATION_KINDS, type OrganizationKind } from '../organization.entity.js';

export class CreateOrganizationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[^\r\n\t<>]+$/, { message: 'name must be one line without < or >' })
  name: string;

  @IsCountryCode()
  country: string;

  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;
}
