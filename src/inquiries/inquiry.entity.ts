import { Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { BoolColumn, IdColumn, IntColumn, JsonColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';
import { Organization } from '../identity/organization.entity.js';
import { User } from '../identity/user.entity.js';
import type { TreatyStatus } from '../countries/country.entity.js';
import type { InquiryStatus, Outcome, Priority, Urgency } from '../common/workflow.js';

@Entity('inquiry')
@Index('uq_inquiry_reference', ['reference'], { unique: true })
@Index('ix_inquiry_createdAt_id', ['createdAt', 'id'])
@Index('ix_inquiry_status_createdAt_id', ['status', 'createdAt', 'id'])
@Index('ix_inquiry_requesterId_createdAt_id', ['requesterId', 'createdAt', 'id'])
@Index('ix_inquiry_requesterId_status_createdAt_id', ['requesterId', 'status', 'createdAt', 'id'])
@Index('ix_inquiry_organizationId', ['organizationId'])
@Index('ix_inquiry_country_createdAt', ['country', 'createdAt'])
@Index('ix_inquiry_urgency_createdAt', ['urgency', 'createdAt'])
@Index('ix_inquiry_dueAt', ['dueAt'])
@Index('ix_inquiry_slaDueAt', ['slaDueAt'])
@Index('ix_inquiry_status_slaDueAt', ['status', 'slaDueAt'])
@Index('ix_inquiry_closedAt', ['closedAt'])
// Reports read this instead of the rows (migration 1769400000000-ReportIndex).
@Index('ix_inquiry_report', [
  'createdAt',
  'closedAt',
  'organizationId',
  'country',
  'language',
  'intakeUncatStatus',
  'intakeOpcatStatus',
  'acknowledgedAt',
  'firstReplyAt',
  'slaDueAt',
  'pausedSeconds',
  'outcome',
  'id',
])
export class Inquiry {
  @IdColumn() id: string;
  @StringColumn(20) reference: string;
  @RefColumn() requesterId: string;
  @RefColumn() organizationId: string;
  @StringColumn(2) country: string;
  @StringColumn(2) language: string;
  @StringColumn(10) urgency: Urgency;
  @StringColumn(24) status: InquiryStatus;
  @StringColumn(10) priority: Priority;
  @JsonColumn() tags: string[];
  /** Topic slugs, primary first: a copy of inquiry_topic kept in the same transaction, read with the row by lists. */
  @JsonColumn() topics: string[];
  @TimeColumn(true) dueAt: string | null;
  @TimeColumn(true) desiredBy: string | null;
  @BoolColumn() publicationConsent: boolean;
  @StringColumn(40, true) outcome: Outcome | null;
  @IntColumn() version: number;
  /** This inquiry's data key, wrapped by the master key. */
  @TextColumn() wrappedKey: string;
  @TextColumn() subjectSealed: string;
  @TextColumn() bodySealed: string;
  @TimeColumn() createdAt: string;
  @TimeColumn() updatedAt: string;
  /** When the answer is due for the SLA: dueAt (or intake + the default term) plus the time spent awaiting the requester. */
  @TimeColumn(true) slaDueAt: string | null;
  @IntColumn(true) pausedSeconds: number | null;
  @TimeColumn(true) awaitingSince: string | null;
  /** The treaty status of the inquiry's State when it came in: reports count it as it was then, not as it is now. */
  @StringColumn(12, true) intakeUncatStatus: TreatyStatus | null;
  @StringColumn(12, true) intakeOpcatStatus: TreatyStatus | null;
  /** Milestones for the timeliness reports: first move out of `submitted`, first reply the requester could read, the end (cleared on reopening). */
  @TimeColumn(true) acknowledgedAt: string | null;
  @TimeColumn(true) firstReplyAt: string | null;
  @TimeColumn(true) closedAt: string | null;
  /** When retention purged its content (subject, body, thread, files): null while it has any. */
  @TimeColumn(true) purgedAt: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requesterId', foreignKeyConstraintName: 'fk_inquiry_requesterId' })
  requester?: Relation<User>;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organizationId', foreignKeyConstraintName: 'fk_inquiry_organizationId' })
  organization?: Relation<Organization>;
}
