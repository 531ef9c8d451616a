import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { TimeColumn } from '../database/columns.js';
import { Inquiry } from '../inquiries/inquiry.entity.js';

/** One row per breach (inquiry, kind, due moment): a sweep that finds it again raises nothing new. */
@Entity('sla_breach')
export class SlaBreach {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inquiryId: string;
  @PrimaryColumn({ type: 'varchar', length: 20 }) kind: 'acknowledge' | 'answer';
  @PrimaryColumn({ type: 'varchar', length: 24 }) dueAt: string;
  @TimeColumn() detectedAt: string;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_sla_breach_inquiryId' })
  inquiry?: Relation<Inquiry>;
}
