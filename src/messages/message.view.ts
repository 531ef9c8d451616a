import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MessageCan } from '../access/message-permissions.js';
import { AttachmentView } from '../attachments/attachment-store.js';
import { ROLES } from '../common/role.js';
import { CLEARANCES, VISIBILITIES, type Message } from './message.entity.js';

export class MessageView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) inquiryId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ enum: ROLES }) authorRole: Message['authorRole'];
  @ApiProperty({ enum: VISIBILITIES, description: 'shared: seen by the requester side; internal: the secretariat and accepted experts only' })
  visibility: Message['visibility'];
  @ApiProperty({
    enum: [...CLEARANCES, null],
    nullable: true,
    description: "An expert's shared reply reaches the requester side once the secretariat clears it; null when no clearance applies",
  })
  clearance: Message['clearance'];
  @ApiProperty() body: string;
  @ApiProperty({ type: () => AttachmentView, isArray: true }) attachments: AttachmentView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: () => MessageCan, description: 'What the viewer may do with the message now' }) viewerCan: MessageCan;
  @ApiPropertyOptional({ description: 'Why the secretariat returned it: for the secretariat and the author only' }) returnReason?: string;
}

export const messageField = (id: string) => `message:${id}:body`;
export const returnReasonField = (id: string) => `message:${id}:return-reason`;

/** The message as a viewer sees it: its body, and its return reason when the viewer may see it (both in the clear). */
export function toMessageView(m: Message, attachments: AttachmentView[], body: string, returnReason: string | null, viewerCan: MessageCan): MessageView {
  return {
    id: m.id,
    inquiryId: m.inquiryId,
    parentId: m.parentId,
    authorId: m.authorId,
    authorRole: m.authorRole,
    visibility: m.visibility,
    clearance: m.clearance,
    body,
    attachments,
    createdAt: m.createdAt,
    viewerCan,
    ...(returnReason !== null ? { returnReason } : {}),
  };
}
