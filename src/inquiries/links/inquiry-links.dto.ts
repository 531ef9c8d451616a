import { IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { LINK_KINDS, type LinkKind } from './inquiry-link.entity.js';

export class CreateLinkDto {
  @IsUUID()
  inquiryId: string;

  @IsIn(LINK_KINDS)
  kind: LinkKind;

  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}
