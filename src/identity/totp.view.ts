import { ApiProperty } from '@nestjs/swagger';

/** A second factor being enrolled: not active until a code from it is confirmed. */
export class TotpEnrolmentView {
  @ApiProperty({ description: 'Base32 secret for an authenticator app' }) secret: string;
  @ApiProperty({ description: 'The same secret as an otpauth:// URI (for a QR code)' }) otpauthUrl: string;
}

export class MfaEnabledView {
  @ApiProperty({ enum: [true] }) mfaEnabled: true;
}
