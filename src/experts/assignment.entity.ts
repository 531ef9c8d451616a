import type { AssignmentStatus } from '../common/assignment-status.js';
import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';
import { Inquiry } from '../inquiries/inquiry.entity.js';

export const ASSIGNMENT_ROLES = ['lead', 'reviewer'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

@Entity('assignment')
@Index('ix_assignment_inquiryId_expertId', ['inquiryId', 'expertId'])
@Index('ix_assignment_expertId_status', ['expertId', 'status'])
@Index('ix_assignment_inquiryId_status', ['inquiryId', 'status'])
export class Assignment {
  @IdColumn() id: string;
  @RefColumn() inquiryId: string;
  @RefColumn() expertId: string;
  @StringColumn(10) role: AssignmentRole;
  @StringColumn(12) status: AssignmentStatus;
  @TimeColumn(true) dueAt: string | null;
  @RefColumn() proposedById: string;
  /** Sealed with the inquiry's data key: the expert's words may speak of the case. */
  @TextColumn(true) declineReasonSealed: string | null;
  @TimeColumn() createdAt: string;
  @TimeColumn() updatedAt: string;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_assignment_inquiryId' })
  inquiry?: Relation<Inquiry>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'expertId', foreignKeyConstraintName: 'fk_assignment_expertId' })
  expert?: Relation<User>;
}
