import { ApiProperty, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import { InquiryCan } from '../access/inquiry-permissions.js';
import { AttachmentView } from '../attachments/attachment-store.js';
import type { InquiryCipher } from '../crypto/data-keys.js';
import type { Inquiry } from './inquiry.entity.js';
import { INQUIRY_LANGUAGES, PRIORITIES, SECRETARIAT_OUTCOMES, STATUSES, URGENCIES } from '../common/workflow.js';

/** What every view of an inquiry shows, the summary included. */
class InquiryFacts {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CTI-2026-0042' }) reference: string;
  @ApiProperty({ enum: STATUSES }) status: Inquiry['status'];
  @ApiProperty({ type: [String], description: 'Topic slugs, the primary topic first' }) topics: string[];
  @ApiProperty({ enum: INQUIRY_LANGUAGES }) language: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2 of the requesting State' }) country: string;
  @ApiProperty({ enum: URGENCIES }) urgency: Inquiry['urgency'];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When retention purged its content (subject and body then read empty); null while it has any' })
  purgedAt: string | null;
}

/** What an expert with a proposed assignment may see: enough to decide, nothing of the question. */
export class InquirySummaryView extends InquiryFacts {
  @ApiProperty({ enum: ['summary'] }) view: 'summary';
  @ApiProperty({ type: () => InquiryCan, required: false, description: 'What the viewer may do on the inquiry now: on a single inquiry (GET /inquiries/{id}), not on list items' })
  viewerCan?: InquiryCan;
}

/** An inquiry in a list: everything but its body. */
export class InquiryListItem extends InquiryFacts {
  @ApiProperty({ enum: ['full'] }) view: 'full';
  @ApiProperty() subject: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ format: 'uuid' }) requesterId: string;
  @ApiProperty({ enum: PRIORITIES }) priority: Inquiry['priority'];
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) desiredBy: string | null;
  @ApiProperty() publicationConsent: boolean;
  @ApiProperty({ enum: [...SECRETARIAT_OUTCOMES, 'withdrawn', null], nullable: true }) outcome: Inquiry['outcome'];
  @ApiProperty({ type: 'integer', description: 'Send it back with a change: a stale one gets 409' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class InquiryView extends InquiryListItem {
  @ApiProperty() body: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Colleagues it is shared with' }) participantIds: string[];
  @ApiProperty({ type: () => AttachmentView, isArray: true, description: 'Files of the query itself (message files are listed with their messages)' })
  attachments: AttachmentView[];
  @ApiProperty({ type: () => InquiryCan, description: 'What the viewer may do on the inquiry now' }) viewerCan: InquiryCan;
}

const BY_VIEW = { propertyName: 'view' };

/** A list item: the full one, or the summary an expert sees while its assignment is only proposed. */
export const INQUIRY_IN_LIST: SchemaObject = {
  oneOf: [{ $ref: getSchemaPath(InquiryListItem) }, { $ref: getSchemaPath(InquirySummaryView) }],
  discriminator: { ...BY_VIEW, mapping: { full: getSchemaPath(InquiryListItem), summary: getSchemaPath(InquirySummaryView) } },
};

/** One inquiry: the whole of it, or the summary. */
export const INQUIRY: SchemaObject = {
  oneOf: [{ $ref: getSchemaPath(InquiryView) }, { $ref: getSchemaPath(InquirySummaryView) }],
  discriminator: { ...BY_VIEW, mapping: { full: getSchemaPath(InquiryView), summary: getSchemaPath(InquirySummaryView) } },
};

export const SUBJECT = 'subject';
export const BODY = 'body';

export function toSummaryView(i: Inquiry, topics: string[]): InquirySummaryView {
  return {
    view: 'summary',
    id: i.id,
    reference: i.reference,
    status: i.status,
    topics,
    language: i.language,
    country: i.country,
    urgency: i.urgency,
    dueAt: i.dueAt,
    purgedAt: i.purgedAt,
  };
}

/**
 * The summary, extended in place (a fresh object of this call's own): spreading it into a new
 * literal that redefines `view` cost V8 its fast path, some 25 µs per item, most of a list's time.
 */
export function toListItem(i: Inquiry, topics: string[], subject: string): InquiryListItem {
  return Object.assign(toSummaryView(i, topics) as Omit<InquirySummaryView, 'view'>, {
    view: 'full' as const,
    subject,
    organizationId: i.organizationId,
    requesterId: i.requesterId,
    priority: i.priority,
    tags: i.tags,
    desiredBy: i.desiredBy,
    publicationConsent: i.publicationConsent,
    outcome: i.outcome,
    version: i.version,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  });
}

/** The confidential texts of an inquiry, in the clear. */
export interface InquiryTexts {
  subject: string;
  body: string;
}

/** Opens the inquiry's subject and body. */
export const openTexts = (i: Inquiry, cipher: InquiryCipher): InquiryTexts => ({ subject: cipher.openText(SUBJECT, i.subjectSealed), body: cipher.openText(BODY, i.bodySealed) });

export function toInquiryView(i: Inquiry, topics: string[], participantIds: string[], attachments: AttachmentView[], texts: InquiryTexts, viewerCan: InquiryCan): InquiryView {
  return Object.assign(toListItem(i, topics, texts.subject), { body: texts.body, participantIds, attachments, viewerCan });
}
