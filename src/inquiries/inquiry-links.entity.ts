import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { IntColumn, RefColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';
import { Topic } from '../topics/topic.entity.js';
import { Inquiry } from './inquiry.entity.js';

/** The topics of an inquiry; position 0 is the primary topic. */
@Entity('inquiry_topic')
@Index('ix_inquiry_topic_topicSlug_inquiryId', ['topicSlug', 'inquiryId'])
export class InquiryTopic {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inquiryId: string;
  @PrimaryColumn({ type: 'varchar', length: 60 }) topicSlug: string;
  @IntColumn() position: number;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_inquiry_topic_inquiryId' })
  inquiry?: Relation<Inquiry>;

  @ManyToOne(() => Topic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topicSlug', referencedColumnName: 'slug', foreignKeyConstraintName: 'fk_inquiry_topic_topicSlug' })
  topic?: Relation<Topic>;
}

/** A colleague of the requester's organisation with whom the inquiry is shared. */
@Entity('inquiry_participant')
@Index('ix_inquiry_participant_userId', ['userId'])
export class InquiryParticipant {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inquiryId: string;
  @PrimaryColumn({ type: 'varchar', length: 36 }) userId: string;
  @RefColumn() addedById: string;
  @TimeColumn() addedAt: string;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_inquiry_participant_inquiryId' })
  inquiry?: Relation<Inquiry>;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId', foreignKeyConstraintName: 'fk_inquiry_participant_userId' })
  user?: Relation<User>;
}

/**
 * Keyed tokens of the subject's words: searchable without any plaintext in the database. No
 * foreign key to the inquiry (see the migration SearchTokensWithoutForeignKeys): written only with
 * it, deleted by its purge. The index by (token, inquiryId), made by the migrations, is SQLite's
 * only: its search looks words up by token, PostgreSQL's reads inquiry_search_set (see the
 * migration SearchWordIndexSqliteOnly). Left out of the schema's synchronisation, which cannot
 * say "on one database only".
 */
@Entity('inquiry_search_token')
@Index('ix_inquiry_search_token_token_inquiryId', { synchronize: false })
export class InquirySearchToken {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inquiryId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) token: string;
}

/**
 * Keyed tokens of the beginnings of the subject's words (`searchPrefixes`), for a search by a
 * partial word; the whole words stay in inquiry_search_token, which the link suggestions compare.
 * No foreign key either.
 */
@Entity('inquiry_prefix_token')
@Index('ix_inquiry_prefix_token_token_inquiryId', ['token', 'inquiryId'])
export class InquiryPrefixToken {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inquiryId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) token: string;
}

/** Where a job that goes once over every inquiry (filling a new index from sealed values) has got to. */
@Entity('backfill_state')
export class BackfillState {
  @PrimaryColumn({ type: 'varchar', length: 60 }) job: string;
  /** The last inquiry id done (ids in order); null before the first. */
  @Column({ type: 'varchar', length: 36, nullable: true }) cursor: string | null;
  @Column({ type: 'varchar', length: 24, nullable: true }) doneAt: string | null;
}
