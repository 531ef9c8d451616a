import { applyDecorators } from '@nestjs/common';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A current code of the authenticator app, under the name the form gives it (`totp` at sign-in, `code` elsewhere). */
const AuthenticatorCode = (name: 'totp' | 'code', optional = true) =>
  applyDecorators(...(optional ? [IsOptional()] : []), IsString(), Matches(/^\d{6}$/, { message: `${name} must be six digits` }));
/** A recovery code as typed: ten letters and digits, a hyphen or space in the middle allowed. */
const RECOVERY_CODE_PATTERN = /^[0-9A-Za-z]{5}[- ]?[0-9A-Za-z]{5}$/;
/** One of the account's recovery codes, in place of an authenticator code: each works once. */
const RecoveryCode = () => applyDecorators(IsOptional(), IsString(), Matches(RECOVERY_CODE_PATTERN, { message: 'recoveryCode must be ten letters and digits (xxxxx-xxxxx)' }));
/** The account's current password, asked again before a change to its credentials. */
const CurrentPassword = (optional = false) => applyDecorators(...(optional ? [IsOptional()] : []), IsString(), MinLength(1), MaxLength(256));

export class LoginDto {
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;

  @AuthenticatorCode('totp')
  totp?: string;

  /** One of the account's recovery codes, in place of totp when the authenticator is lost: each works once. */
  @RecoveryCode()
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
  @AuthenticatorCode('totp')
  totp?: string;
}

export class ChangePasswordDto {
  @CurrentPassword()
  currentPassword: string;

  @IsString()
  @MaxLength(256)
  newPassword: string;
}

/** Starting an enrolment: nothing the first time; replacing an enrolled second factor, the password and a current code of it. */
export class BeginTotpDto {
  @CurrentPassword(true)
  currentPassword?: string;

  @AuthenticatorCode('code')
  code?: string;

  /** In place of code: one of the recovery codes (spent). */
  @RecoveryCode()
  recoveryCode?: string;
}

/** A new batch of recovery codes: the password, and a current code or one of the old recovery codes. */
export class RegenerateRecoveryCodesDto {
  @CurrentPassword()
  currentPassword: string;

  @AuthenticatorCode('code')
  code?: string;

  @RecoveryCode()
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
  @AuthenticatorCode('code', false)
  code: string;
}
