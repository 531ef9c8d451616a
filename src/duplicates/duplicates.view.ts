import { ApiProperty } from '@nestjs/swagger';
import { JOIN_CONSENTS, JOIN_STATUSES, JoinCan, type JoinConsent, type JoinStatus } from '../access/duplicate-permissions.js';
import { ROLES, type Role } from '../common/role.js';

/** A reply shared from a related query: its text and dates, never the query, its reference or its people. */
export class SharedReplyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time', description: 'When the reply was written' }) repliedAt: string;
  @ApiProperty({ format: 'date-time', description: 'When the secretariat shared it' }) sharedAt: string;
}

/** The question to join a duplicate's thread with its primary's, as this inquiry's side sees it. */
export class JoinView {
  @ApiProperty({ format: 'uuid', description: 'The link between the two inquiries' }) linkId: string;
  @ApiProperty({ enum: JOIN_STATUSES, description: 'asked; joined (both agreed); declined (one refused or withdrew before); ended (one withdrew after)' })
  status: JoinStatus;
  @ApiProperty({ enum: [...JOIN_CONSENTS, null], nullable: true, description: "This inquiry's requester's answer" }) consent: JoinConsent | null;
  @ApiProperty({ format: 'date-time' }) askedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) joinedAt: string | null;
  @ApiProperty({ type: () => JoinCan }) viewerCan: JoinCan;
}

export class JoinedMessageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ enum: ROLES }) authorRole: Role;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** The other requester's query and the part of its thread its requester side reads, once both agreed to join. */
export class JoinedThreadView {
  @ApiProperty() reference: string;
  @ApiProperty() subject: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: () => JoinedMessageView, isArray: true }) messages: JoinedMessageView[];
}
