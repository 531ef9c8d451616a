import { ApiProperty } from '@nestjs/swagger';

export class ParticipantView {
  @ApiProperty({ format: 'uuid' }) inquiryId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'date-time' }) addedAt: string;
}
