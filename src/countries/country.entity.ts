import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { BoolColumn, IntColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';

export const TREATY_STATUSES = ['state-party', 'signatory', 'no-action'] as const;
export type TreatyStatus = (typeof TREATY_STATUSES)[number];
export const UN_REGIONAL_GROUPS = ['african', 'asia-pacific', 'eastern-european', 'grulac', 'weog'] as const;
/** The M49 regions (the top level of the UN Statistics Division's standard). */
export const M49_REGIONS = ['Africa', 'Americas', 'Asia', 'Europe', 'Oceania'] as const;

const NullableBool = () => Column({ type: 'boolean', nullable: true });

/** A State's reference data: regions, tags and treaty status, each figure as of `asOf`. */
@Entity('country')
export class Country {
  @PrimaryColumn({ type: 'varchar', length: 2 }) code: string;
  @StringColumn(3, true) alpha3: string | null;
  @StringColumn(3, true) m49: string | null;
  @StringColumn(200) name: string;
  @BoolColumn() unMember: boolean;
  @StringColumn(20, true) unRegionalGroup: string | null;
  @StringColumn(40, true) m49Region: string | null;
  @StringColumn(60, true) m49Subregion: string | null;
  @StringColumn(60, true) m49IntermediateRegion: string | null;
  @StringColumn(12) uncatStatus: TreatyStatus;
  @StringColumn(10, true) uncatDate: string | null;
  @NullableBool() art20OptOut: boolean | null;
  @NullableBool() art21Declared: boolean | null;
  @NullableBool() art22Declared: boolean | null;
  @StringColumn(12) opcatStatus: TreatyStatus;
  @NullableBool() npmDesignated: boolean | null;
  /** JSON list of the fields not yet verified against the sources. */
  @TextColumn() uncertain: string;
  @StringColumn(10) asOf: string;
  @IntColumn() version: number;
  @TimeColumn() updatedAt: string;
}

@Entity('country_tag')
@Index('ix_country_tag_tag', ['tag'])
export class CountryTag {
  @PrimaryColumn({ type: 'varchar', length: 2 }) countryCode: string;
  @PrimaryColumn({ type: 'varchar', length: 40 }) tag: string;

  @ManyToOne(() => Country, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'countryCode', referencedColumnName: 'code', foreignKeyConstraintName: 'fk_country_tag_countryCode' })
  country?: Relation<Country>;
}
