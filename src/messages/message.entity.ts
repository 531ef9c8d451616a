import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';
import type { Role } from '../common/role.js';
import { Inquiry } from '../inquiries/inquiry.entity.js';

export const VISIBILITIES = ['shared', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
/** An expert's shared reply waits for the secretariat: pending, then cleared or returned. */
export const CLEARANCES = ['pending', 'cleared', 'returned'] as const;
export type Clearance = (typeof CLEARANCES)[number];

@Entity('message')
@Index('ix_message_inquiryId_createdAt', ['inquiryId', 'createdAt'])
@Index('ix_message_parentId', ['parentId'])
@Index('ix_message_clearance_inquiryId', ['clearance', 'inquiryId'])
export class Message {
  @IdColumn() id: string;
  @RefColumn() inquiryId: string;
  @RefColumn(true) parentId: string | null;
  @RefColumn() authorId: string;
  @StringColumn(12) authorRole: Role;
  @StringColumn(10) visibility: Visibility;
  @StringColumn(10, true) clearance: Clearance | null;
  @TextColumn() bodySealed: string;
  @TextColumn(true) returnReasonSealed: string | null;
  @TimeColumn() createdAt: string;
  @TimeColumn() updatedAt: string;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_message_inquiryId' })
  inquiry?: Relation<Inquiry>;

  @ManyToOne(() => Message, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parentId', foreignKeyConstraintName: 'fk_message_parentId' })
  parent?: Relation<Message>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authorId', foreignKeyConstraintName: 'fk_message_authorId' })
  author?: Relation<User>;
}
