import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BoolColumn, IdColumn, IntColumn, JsonColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';
import { Organization } from './organization.entity.js';
import type { Role } from '../common/role.js';

@Entity('user_account')
@Index('uq_user_account_email', ['email'], { unique: true })
@Index('ix_user_account_role', ['role'])
@Index('ix_user_account_organizationId', ['organizationId'])
export class User {
  @IdColumn() id: string;
  @StringColumn(254) email: string;
  @StringColumn(200) name: string;
  @StringColumn(20) role: Role;
  @RefColumn(true) organizationId: string | null;
  @JsonColumn() languages: string[];
  @StringColumn(255, true) passwordHash: string | null;
  @BoolColumn() active: boolean;
  @BoolColumn() mfaEnabled: boolean;
  /** The head of the secretariat (a secretariat account): exports reports. */
  @BoolColumn() headOfSecretariat: boolean;
  /** Sealed under the master key. */
  @TextColumn(true) totpSecret: string | null;
  @TextColumn(true) totpPendingSecret: string | null;
  /** The last TOTP time step accepted: a code is good once. */
  @IntColumn(true) totpLastStep: number | null;
  @TimeColumn() createdAt: string;
  @TimeColumn() updatedAt: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organizationId', foreignKeyConstraintName: 'fk_user_account_organizationId' })
  organization?: Relation<Organization>;
}
