import { ApiProperty } from '@nestjs/swagger';
import { KnowledgeCan } from '../access/knowledge-permissions.js';
import { INQUIRY_LANGUAGES } from '../common/workflow.js';
import { CtiTool } from './cti-tools.js';
import { CONSENT_STATUSES, ENTRY_STATUSES, type ConsentStatus, type EntryStatus } from '../common/knowledge-status.js';

export class EntryTextView {
  @ApiProperty({ enum: INQUIRY_LANGUAGES }) language: string;
  @ApiProperty() question: string;
  @ApiProperty() answer: string;
}

/**
 * An entry as anyone reads it. It never names its source inquiry (neither id nor reference): that
 * link is kept for the secretariat in the audit trail only.
 */
export class KnowledgeEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ENTRY_STATUSES }) status: EntryStatus;
  @ApiProperty({ type: [String], description: 'Topic slugs, primary first' }) topics: string[];
  @ApiProperty({ type: [String], enum: INQUIRY_LANGUAGES, description: 'The languages it is written in' }) languages: string[];
  @ApiProperty({ type: () => EntryTextView, isArray: true }) texts: EntryTextView[];
  @ApiProperty({ type: () => CtiTool, isArray: true, description: 'The CTI tools of its topics' }) tools: CtiTool[];
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: () => KnowledgeCan }) viewerCan: KnowledgeCan;
}

/** The requester's answer, at closure, to the question of anonymised reuse. */
export class ConsentView {
  @ApiProperty({ format: 'uuid' }) inquiryId: string;
  @ApiProperty({ enum: CONSENT_STATUSES }) status: ConsentStatus;
  @ApiProperty({ format: 'date-time' }) askedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt: string | null;
}
