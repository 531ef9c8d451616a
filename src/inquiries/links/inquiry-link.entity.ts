import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { IdColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../../database/columns.js';
import { User } from '../../identity/user.entity.js';
import { Inquiry } from '../inquiry.entity.js';

export const LINK_KINDS = ['related', 'duplicate'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

/**
 * A link the secretariat made between two inquiries. For a duplicate, `inquiryId` is the duplicate
 * and `linkedInquiryId` its primary, of the same State; a related link has no direction.
 */
@Entity('inquiry_link')
@Index('uq_inquiry_link_inquiryId_linkedInquiryId', ['inquiryId', 'linkedInquiryId'], { unique: true })
@Index('ix_inquiry_link_linkedInquiryId', ['linkedInquiryId'])
export class InquiryLink {
  @IdColumn() id: string;
  @RefColumn() inquiryId: string;
  @RefColumn() linkedInquiryId: string;
  @StringColumn(10) kind: LinkKind;
  /** Sealed under the data key of `inquiryId`. */
  @TextColumn() reasonSealed: string;
  @RefColumn() createdById: string;
  @TimeColumn() createdAt: string;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_inquiry_link_inquiryId' })
  inquiry?: Relation<Inquiry>;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'linkedInquiryId', foreignKeyConstraintName: 'fk_inquiry_link_linkedInquiryId' })
  linked?: Relation<Inquiry>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'createdById', foreignKeyConstraintName: 'fk_inquiry_link_createdById' })
  createdBy?: Relation<User>;
}
