import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { RECOVERY_CODE_PATTERN } from '../recovery-codes/recovery-codes.service.js';

export class LoginDto {
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totp must be six digits' })
  totp?: string;

  /** One of the account's recovery codes, in place of totp when the authenticator is lost: each works once. */
  @IsOptional()
  @IsString()
  @Matches(RECOVERY_CODE_PATTERN, { message: 'recoveryCode must be ten letters and digits (xxxxx-xxxxx)' })
  recoveryCode?: string;
}

export class AcceptInvitationDto {
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;

  @IsString()
  @MaxLength(256)
  password: string;

  /** A current code, required when the account already has a second factor (a re-invitation). */
  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'totp must be six digits' })
  totp?: string;
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @IsString()
  @MaxLength(256)
  newPassword: string;
}

/** Starting an enrolment: nothing the first time; replacing an enrolled second factor, the password and a current code of it. */
export class BeginTotpDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword?: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code?: string;

  /** In place of code: one of the recovery codes (spent). */
  @IsOptional()
  @IsString()
  @Matches(RECOVERY_CODE_PATTERN, { message: 'recoveryCode must be ten letters and digits (xxxxx-xxxxx)' })
  recoveryCode?: string;
}

/** A new batch of recovery codes: the password, and a current code or one of the old recovery codes. */
export class RegenerateRecoveryCodesDto {
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  currentPassword: string;

  @IsOptional()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code?: string;

  @IsOptional()
  @IsString()
  @Matches(RECOVERY_CODE_PATTERN, { message: 'recoveryCode must be ten letters and digits (xxxxx-xxxxx)' })
  recoveryCode?: string;
}

export class PasswordResetRequestDto {
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;
}

export class PasswordResetConfirmDto {
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;

  @IsString()
  @MaxLength(256)
  password: string;
}

export class TotpCodeDto {
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code: string;
}
