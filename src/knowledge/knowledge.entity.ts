import type { ConsentStatus, EntryStatus } from '../common/knowledge-status.js';
import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { IdColumn, IntColumn, JsonColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';
import { User } from '../identity/user.entity.js';
import { Inquiry } from '../inquiries/inquiry.entity.js';
import { Topic } from '../topics/topic.entity.js';

/**
 * The requester's answer, when its inquiry closed, to the question of anonymised reuse (asked only
 * when it consented at intake). Withdrawing it later withdraws every entry drawn from the inquiry.
 */
@Entity('publication_consent')
export class PublicationConsent {
  @PrimaryColumn({ type: 'varchar', length: 36 }) inquiryId: string;
  @StringColumn(12) status: ConsentStatus;
  @TimeColumn() askedAt: string;
  @TimeColumn(true) answeredAt: string | null;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inquiryId', foreignKeyConstraintName: 'fk_publication_consent_inquiryId' })
  inquiry?: Relation<Inquiry>;
}

/**
 * An anonymised question and answer, written by the secretariat apart from the thread it came from.
 * Its texts are sealed under a key of its own; the link to the source inquiry stays in this row
 * and in the audit trail, and never in any view of the entry.
 */
@Entity('knowledge_entry')
@Index('ix_knowledge_entry_status_createdAt_id', ['status', 'createdAt', 'id'])
@Index('ix_knowledge_entry_sourceInquiryId', ['sourceInquiryId'])
export class KnowledgeEntry {
  @IdColumn() id: string;
  @StringColumn(12) status: EntryStatus;
  @RefColumn() sourceInquiryId: string;
  @RefColumn() drafterId: string;
  @RefColumn(true) approverId: string | null;
  @JsonColumn() topics: string[];
  @JsonColumn() languages: string[];
  @TextColumn() wrappedKey: string;
  /** Why each word the identifier scan found was kept (sealed: the words themselves identify). */
  @TextColumn(true) explanationsSealed: string | null;
  @IntColumn() version: number;
  @TimeColumn() createdAt: string;
  @TimeColumn() updatedAt: string;
  @TimeColumn(true) publishedAt: string | null;

  @ManyToOne(() => Inquiry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sourceInquiryId', foreignKeyConstraintName: 'fk_knowledge_entry_sourceInquiryId' })
  source?: Relation<Inquiry>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'drafterId', foreignKeyConstraintName: 'fk_knowledge_entry_drafterId' })
  drafter?: Relation<User>;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approverId', foreignKeyConstraintName: 'fk_knowledge_entry_approverId' })
  approver?: Relation<User>;
}

/** One language's version of an entry. */
@Entity('knowledge_text')
export class KnowledgeText {
  @PrimaryColumn({ type: 'varchar', length: 36 }) entryId: string;
  @PrimaryColumn({ type: 'varchar', length: 2 }) language: string;
  @TextColumn() questionSealed: string;
  @TextColumn() answerSealed: string;

  @ManyToOne(() => KnowledgeEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entryId', foreignKeyConstraintName: 'fk_knowledge_text_entryId' })
  entry?: Relation<KnowledgeEntry>;
}

/** The topics of an entry, for browsing by topic through an index. */
@Entity('knowledge_topic')
@Index('ix_knowledge_topic_topicSlug_entryId', ['topicSlug', 'entryId'])
export class KnowledgeTopic {
  @PrimaryColumn({ type: 'varchar', length: 36 }) entryId: string;
  @PrimaryColumn({ type: 'varchar', length: 60 }) topicSlug: string;

  @ManyToOne(() => KnowledgeEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entryId', foreignKeyConstraintName: 'fk_knowledge_topic_entryId' })
  entry?: Relation<KnowledgeEntry>;

  @ManyToOne(() => Topic, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topicSlug', referencedColumnName: 'slug', foreignKeyConstraintName: 'fk_knowledge_topic_topicSlug' })
  topic?: Relation<Topic>;
}
