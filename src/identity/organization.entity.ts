import { Entity, Index } from 'typeorm';
import { IdColumn, StringColumn, TimeColumn } from '../database/columns.js';

export const ORGANIZATION_KINDS = [
  'government',
  'permanent-mission',
  'national-human-rights-institution',
  'national-preventive-mechanism',
  'parliament',
  'judiciary',
  'other',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

@Entity('organization')
@Index('ix_organization_name', ['name'])
export class Organization {
  @IdColumn() id: string;
  @StringColumn(200) name: string;
  @StringColumn(2) country: string;
  @StringColumn(40) kind: OrganizationKind;
  @TimeColumn() createdAt: string;
}
