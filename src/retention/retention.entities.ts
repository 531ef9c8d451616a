import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { IntColumn, RefColumn, TextColumn, TimeColumn } from '../database/columns.js';
import { Inquiry } from '../inquiries/inquiry.entity.js';

/** The secretariat's retention period for one outcome; an outcome without a row keeps the default. */
@Entity('retention_policy')
export class RetentionPolicyRow {
  @PrimaryColumn({ type: 'varchar', length: 40 }) outcome: string;
  @IntColumn() months: number;
  @RefColumn() updatedById: string;
  @TimeColumn() updatedAt: string;
}

/** A legal hold: while it stands the inquiry is never purged. The reason is sealed (it may name a case). */
@Entity('legal_hold')
export class LegalHold {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inquiryId: string;
  @TextColumn() reasonSealed: string;
  @RefColumn() setById: string;
  @TimeColumn() setAt: string;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_legal_hold_inquiryId' })
  inquiry?: Relation<Inquiry>;
}
