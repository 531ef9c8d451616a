import { ApiProperty } from '@nestjs/swagger';
import { TREATY_STATUSES, type Country, type TreatyStatus } from './country.entity.js';

export class CountryView {
  @ApiProperty({ example: 'KE', description: 'ISO 3166-1 alpha-2, or XA–XZ for fictional States' }) code: string;
  @ApiProperty({ nullable: true, type: String, example: 'KEN' }) alpha3: string | null;
  @ApiProperty({ nullable: true, type: String, example: '404', description: 'UN M49 numeric code' }) m49: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'A UN Member State (false for the observer States and fictional ones)' }) unMember: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'african' }) unRegionalGroup: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Africa' }) m49Region: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Sub-Saharan Africa' }) m49Subregion: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Eastern Africa' }) m49IntermediateRegion: string | null;
  @ApiProperty({ type: [String], example: ['common-law-africa'] }) tags: string[];
  @ApiProperty({ enum: TREATY_STATUSES }) uncatStatus: TreatyStatus;
  @ApiProperty({ nullable: true, type: String, description: 'Date of signature (signatory) or of ratification or accession' }) uncatDate: string | null;
  @ApiProperty({ nullable: true, type: Boolean, description: 'Article 28 declaration (no article 20 inquiry); null: unknown' }) art20OptOut: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) art21Declared: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) art22Declared: boolean | null;
  @ApiProperty({ enum: TREATY_STATUSES }) opcatStatus: TreatyStatus;
  @ApiProperty({ nullable: true, type: Boolean }) npmDesignated: boolean | null;
  @ApiProperty({ type: [String], description: 'Fields not yet verified against the sources' }) uncertain: string[];
  @ApiProperty({ example: '2023-12-31', description: 'The date on which these figures are true' }) asOf: string;
  @ApiProperty() version: number;
}

export const toCountryView = (c: Country, tags: string[]): CountryView => ({
  code: c.code,
  alpha3: c.alpha3,
  m49: c.m49,
  name: c.name,
  unMember: Boolean(c.unMember),
  unRegionalGroup: c.unRegionalGroup,
  m49Region: c.m49Region,
  m49Subregion: c.m49Subregion,
  m49IntermediateRegion: c.m49IntermediateRegion,
  tags,
  uncatStatus: c.uncatStatus,
  uncatDate: c.uncatDate,
  art20OptOut: c.art20OptOut,
  art21Declared: c.art21Declared,
  art22Declared: c.art22Declared,
  opcatStatus: c.opcatStatus,
  npmDesignated: c.npmDesignated,
  uncertain: JSON.parse(c.uncertain) as string[],
  asOf: c.asOf,
  version: c.version,
});
