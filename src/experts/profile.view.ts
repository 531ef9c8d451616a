import { ApiProperty } from '@nestjs/swagger';
import { INQUIRY_LANGUAGES } from '../common/workflow.js';
import { REGIONS } from './regions.js';

export class ProfileView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: [String], description: 'Topic slugs' }) topics: string[];
  @ApiProperty({ enum: INQUIRY_LANGUAGES, isArray: true }) languages: string[];
  @ApiProperty({ enum: REGIONS, isArray: true }) regions: string[];
  @ApiProperty({ type: [String], description: 'ISO 3166-1 alpha-2 codes of the States the expert must not advise' }) conflictCountries: string[];
  @ApiProperty({ type: 'integer', description: 'How many active assignments the expert takes at most' }) maxActive: number;
  @ApiProperty() available: boolean;
  @ApiProperty({
    oneOf: [
      { type: 'string', format: 'date-time' },
      { type: 'string', enum: [''] },
    ],
    description: 'When it was last saved; empty if it never was',
  })
  updatedAt: string;
}
