import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import type { JoinConsent } from '../access/duplicate-permissions.js';
import { IdColumn, RefColumn, StringColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';
import { Inquiry } from '../inquiries/inquiry.entity.js';
import { InquiryLink } from '../inquiries/links/inquiry-link.entity.js';
import { Message } from '../messages/message.entity.js';

/**
 * A cleared reply of the primary that the secretariat shared with a duplicate: a reference to the
 * message (read, when shown, under the primary's key), never a copy. It goes with the link.
 */
@Entity('shared_reply')
@Index('uq_shared_reply_inquiryId_messageId', ['inquiryId', 'messageId'], { unique: true })
@Index('ix_shared_reply_linkId', ['linkId'])
@Index('ix_shared_reply_messageId', ['messageId'])
export class SharedReply {
  @IdColumn() id: string;
  @RefColumn() linkId: string;
  /** The duplicate it is shared with. */
  @RefColumn() inquiryId: string;
  /** The primary's reply. */
  @RefColumn() messageId: string;
  @RefColumn() sharedById: string;
  @TimeColumn() sharedAt: string;

  @ManyToOne(() => InquiryLink, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'linkId', foreignKeyConstraintName: 'fk_shared_reply_linkId' })
  link?: Relation<InquiryLink>;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_shared_reply_inquiryId' })
  inquiry?: Relation<Inquiry>;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'messageId', foreignKeyConstraintName: 'fk_shared_reply_messageId' })
  message?: Relation<Message>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sharedById', foreignKeyConstraintName: 'fk_shared_reply_sharedById' })
  sharedBy?: Relation<User>;
}

/** The question put to the requesters of a duplicate and of its primary: may their threads be joined? One per link. */
@Entity('inquiry_join')
export class InquiryJoin {
  @IdColumn() linkId: string;
  @StringColumn(10, true) duplicateConsent: JoinConsent | null;
  @StringColumn(10, true) primaryConsent: JoinConsent | null;
  @RefColumn() askedById: string;
  @TimeColumn() askedAt: string;
  @TimeColumn(true) joinedAt: string | null;
  @TimeColumn() updatedAt: string;

  @ManyToOne(() => InquiryLink, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'linkId', foreignKeyConstraintName: 'fk_inquiry_join_linkId' })
  link?: Relation<InquiryLink>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'askedById', foreignKeyConstraintName: 'fk_inquiry_join_askedById' })
  askedBy?: Relation<User>;
}
