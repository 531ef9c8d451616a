import { ApiProperty } from '@nestjs/swagger';
import { ORGANIZATION_KINDS, type OrganizationKind } from './organization.entity.js';

export class OrganizationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2, or XA–XZ for fictional States' }) country: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}
