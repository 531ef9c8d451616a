import type { MessageCan } from '../access/message-permissions.js';
import type { InquiryCipher } from '../crypto/data-keys.js';
import type { AttachmentView } from '../attachments/attachment-store.js';
import type { Message } from './message.entity.js';

export interface MessageView {
  id: string;
  inquiryId: string;
  parentId: string | null;
  authorId: string;
  authorRole: Message['authorRole'];
  visibility: Message['visibility'];
  clearance: Message['clearance'];
  body: string;
  attachments: AttachmentView[];
  createdAt: string;
  /** What the viewer may do with the message now. */
  viewerCan: MessageCan;
  /** Why the secretariat returned it: for the secretariat and the author only. */
  returnReason?: string;
}

export const messageField = (id: string) => `message:${id}:body`;
export const returnReasonField = (id: string) => `message:${id}:return-reason`;

export function toMessageView(m: Message, attachments: AttachmentView[], cipher: InquiryCipher, showReturnReason: boolean, viewerCan: MessageCan): MessageView {
  return {
    id: m.id,
    inquiryId: m.inquiryId,
    parentId: m.parentId,
    authorId: m.authorId,
    authorRole: m.authorRole,
    visibility: m.visibility,
    clearance: m.clearance,
    body: cipher.openText(messageField(m.id), m.bodySealed),
    attachments,
    createdAt: m.createdAt,
    viewerCan,
    ...(showReturnReason && m.returnReasonSealed ? { returnReason: cipher.openText(returnReasonField(m.id), m.returnReasonSealed) } : {}),
  };
}
