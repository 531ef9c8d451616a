import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { IdColumn, IntColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';

/** A file of a message, or of the inquiry itself (`messageId` null). Name and bytes are sealed. */
@Entity('attachment')
@Index('ix_attachment_inquiryId', ['inquiryId'])
@Index('ix_attachment_messageId', ['messageId'])
export class Attachment {
  @IdColumn() id: string;
  @RefColumn() inquiryId: string;
  @RefColumn(true) messageId: string | null;
  @RefColumn() uploaderId: string;
  @TextColumn() filenameSealed: string;
  @StringColumn(100) contentType: string;
  @IntColumn() size: number;
  @IntColumn() chunks: number;
  @TimeColumn() createdAt: string;

  // The inquiry and the message are named, not imported: attachments sit below the inquiries and
  // messages modules, which keep their files through the attachment store (no folder cycle).
  @ManyToOne('Inquiry', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_attachment_inquiryId' })
  inquiry?: { id: string };

  @ManyToOne('Message', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'messageId', foreignKeyConstraintName: 'fk_attachment_messageId' })
  message?: { id: string };

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaderId', foreignKeyConstraintName: 'fk_attachment_uploaderId' })
  uploader?: Relation<User>;
}

/** The sealed bytes, a mebibyte a row, so that neither upload nor download holds a whole file. */
@Entity('attachment_chunk')
export class AttachmentChunk {
  @PrimaryColumn({ type: 'varchar', length: 36 }) attachmentId: string;
  @PrimaryColumn({ type: 'integer' }) seq: number;
  @TextColumn() dataSealed: string;

  @ManyToOne(() => Attachment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'attachmentId', foreignKeyConstraintName: 'fk_attachment_chunk_attachmentId' })
  attachment?: Relation<Attachment>;
}
