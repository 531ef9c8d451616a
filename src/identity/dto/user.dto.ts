import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../../common/pagination.js';
import { ROLES, type Role } from '../../common/role.js';

export const LANGUAGES = ['en', 'fr', 'es', 'ar', 'pt'] as const;
const ONE_LINE = /^[^\r\n\t<>]+$/;

export class CreateUserDto {
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(ONE_LINE, { message: 'name must be one line without < or >' })
  name: string;

  @IsIn(ROLES)
  role: Role;

  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(LANGUAGES, { each: true })
  languages?: string[];
}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(ONE_LINE, { message: 'name must be one line without < or >' })
  name?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsIn(LANGUAGES, { each: true })
  languages?: string[];

  /** Only for a secretariat account: the head of the secretariat exports reports. */
  @IsOptional()
  @IsBoolean()
  headOfSecretariat?: boolean;
}

export class ListUsersQuery extends PageQuery {
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @IsOptional()
  @IsUUID()
  organizationId?: string;
}
