import { ApiProperty } from '@nestjs/swagger';

/** A second factor being enrolled: not active until a code from it is confirmed. */
export class TotpEnrolmentView {
  @ApiProperty({ description: 'Base32 secret for an authenticator app' }) secret: string;
  @ApiProperty({ description: 'The same secret as an otpauth:// URI (for a QR code)' }) otpauthUrl: string;
}

export class MfaEnabledView {
  @ApiProperty({ enum: [true] }) mfaEnabled: true;
  @ApiProperty({ type: [String], description: 'The new recovery codes, shown this once: each works once in place of a TOTP code (recoveryCode at sign-in)' })
  recoveryCodes: string[];
}

/** A new batch of recovery codes: shown this once (only their hashes are kept). */
export class RecoveryCodesView {
  @ApiProperty({ type: [String], example: ['k7m2p-x9q4r'], description: 'Ten one-time codes, each usable once in place of a TOTP code (recoveryCode at sign-in)' })
  recoveryCodes: string[];
}

export class RecoveryCodesLeftView {
  @ApiProperty({ description: 'Recovery codes not used yet' }) remaining: number;
}
