import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { answersRequester, initialClearance, visibleMessages, type ThreadAudience } from '../access/message-visibility.js';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { AttachmentStore } from '../attachments/attachment-store.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Viewer } from '../common/viewer.js';
import { Idempotency } from '../database/idempotency.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { RawSql } from '../database/raw-sql.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../inquiries/inquiry-workflow.service.js';
import type { VisibleInquiry } from '../inquiries/inquiry.repository.js';
import { moveOnReply } from '../common/workflow.js';
import { Outbox } from '../events/outbox.js';
import type { PostMessageDto, ReturnMessageDto } from './dto/message.dto.js';
import type { Message } from './message.entity.js';
import { MessageRepository } from './message.repository.js';
import { messageField, returnReasonField, toMessageView, type MessageView } from './message.view.js';
import { refuse } from '../common/errors/refusal.js';

export const MESSAGE_NOT_FOUND = 'message not found';

/** What happened, for the notifications: who must hear of a new message depends on who wrote what. */
function eventKind(m: Message): 'note.posted' | 'reply.pending-clearance' | 'requester.replied' | 'reply.shared' {
  if (m.visibility === 'internal') return 'note.posted';
  if (m.clearance === 'pending') return 'reply.pending-clearance';
  return m.authorRole === 'requester' ? 'requester.replied' : 'reply.shared';
}

/** The confidential thread: reading it as the viewer may, posting, and the secretariat's clearance. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly inquiries: InquiriesService,
    private readonly workflow: InquiryWorkflowService,
    private readonly policy: AccessPolicy,
    private readonly files: AttachmentStore,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
    private readonly tx: TransactionRunner,
    private readonly sql: RawSql,
    private readonly clock: Clock,
  ) {}

  /** The thread as the viewer may see it, oldest first; the read is on record. */
  thread(viewer: Viewer, inquiryId: string): Promise<MessageView[]> {
    return this.tx.read(async (em) => {
      const found = await this.inquiries.requireVisible(viewer, inquiryId, em);
      const audience = this.requireAudience(viewer, found);
      const shown = visibleMessages(await this.messages.thread(inquiryId, em), audience);
      const views = await this.present(viewer, found, shown, em);
      // The audit entry last: the read's only write (see TransactionRunner.read).
      await this.audit.record(em, { actorId: viewer.userId, action: 'thread.read', inquiryId, details: { messages: shown.length } });
      return views;
    });
  }

  /** The message with its inquiry, when the viewer may see both; else the same 404 as a missing id. */
  async requireMessage(viewer: Viewer, id: string, em: EntityManager): Promise<{ message: Message; found: VisibleInquiry; audience: ThreadAudience }> {
    const message = await this.messages.find(id, em);
    const found = message ? await this.inquiries.findVisible(viewer, message.inquiryId, em) : null;
    const audience = found ? this.policy.onInquiry(viewer, found.facts).threadAudience() : null;
    if (!message || !found || !audience) throw refuse('message.not-found', MESSAGE_NOT_FOUND);
    const visible = visibleMessages(await this.messages.thread(message.inquiryId, em), audience).some((m) => m.id === id);
    if (!visible) throw refuse('message.not-found', MESSAGE_NOT_FOUND);
    return { message, found, audience };
  }

  /** The inquiry of a message the viewer may see (else the same 404 as a missing id): where a page shows a refused form about it. */
  inquiryOf(viewer: Viewer, id: string): Promise<string> {
    return this.tx.read(async (em) => (await this.requireMessage(viewer, id, em)).message.inquiryId);
  }

  post(viewer: Viewer, inquiryId: string, dto: PostMessageDto, idempotencyKey?: string): Promise<MessageView> {
    return this.idempotency.once(
      viewer,
      'message.post',
      idempotencyKey,
      async (em) => {
        const found = await this.inquiries.requireVisible(viewer, inquiryId, em);
        const permissions = this.policy.onInquiry(viewer, found.facts);
        const visibility = dto.visibility ?? 'shared';
        enforce(permissions.post(visibility));
        const role = permissions.posterRole()!;
        if (dto.parentId) await this.requireParent(viewer, found, dto.parentId, em);
        const at = this.clock.iso();
        const id = newId();
        const message: Message = {
          id,
          inquiryId,
          parentId: dto.parentId ?? null,
          authorId: viewer.userId,
          authorRole: role,
          visibility,
          clearance: initialClearance(role, visibility),
          bodySealed: this.inquiries.cipherOf(found.inquiry).seal(messageField(id), dto.body),
          returnReasonSealed: null,
          createdAt: at,
          updatedAt: at,
        };
        // The message, its audit entry and its outbox event in one write (one round trip on PostgreSQL).
        await this.sql.writeAll(
          [
            this.messages.insertRows(message),
            ...(answersRequester(message) ? [this.inquiries.replyVisibleWrite(inquiryId)] : []),
            this.audit.recordWrite({ actorId: viewer.userId, action: 'message.posted', inquiryId, details: { messageId: id, visibility, clearance: message.clearance } }),
            this.outbox.enqueueWrite({ kind: eventKind(message), inquiryId, actorId: viewer.userId, payload: { messageId: id } }),
          ],
          em,
        );
        // The requester's answer hands the query back to the experts.
        const next = moveOnReply(role, found.inquiry.status);
        if (next) await this.workflow.follow(em, inquiryId, found.inquiry.status, next, viewer.userId, 'requester.replied');
        const moved = { ...found, facts: { ...found.facts, status: next ?? found.facts.status } };
        // A message just written has no attachments yet: nothing to read; its body is the one it came with, not opened again.
        return { id, result: this.presentWith(viewer, moved, [message], [], () => dto.body)[0] };
      },
      (id) => this.readOne(viewer, id),
    );
  }

  /**
   * For the duplicates (issue 21), in the caller's transaction and after its own access decision:
   * what the requester side of an inquiry reads of its thread, opened. Never more than that side
   * sees: internal notes and replies not cleared stay out.
   */
  async requesterSideForSystem(inquiryId: string, em: EntityManager): Promise<Array<Message & { body: string }>> {
    const inquiry = await this.inquiries.findForSystem(inquiryId, em);
    if (!inquiry) return [];
    const cipher = this.inquiries.cipherOf(inquiry);
    return visibleMessages(await this.messages.thread(inquiryId, em), 'requester-side').map((m) => ({ ...m, body: cipher.openText(messageField(m.id), m.bodySealed) }));
  }

  /** For the secretariat's queue: how many replies wait for clearance on each listed inquiry. */
  async pendingClearance(viewer: Viewer, inquiryIds: string[]): Promise<Map<string, number>> {
    enforce(this.policy.clearanceQueue(viewer));
    return this.messages.pendingCounts(inquiryIds);
  }

  clear(viewer: Viewer, id: string): Promise<MessageView> {
    return this.settle(viewer, id, 'cleared');
  }

  returnToAuthor(viewer: Viewer, id: string, dto: ReturnMessageDto): Promise<MessageView> {
    return this.settle(viewer, id, 'returned', dto.reason);
  }

  /** One message as the viewer may see it (an idempotent replay of a post). */
  private readOne(viewer: Viewer, id: string): Promise<MessageView> {
    return this.tx.run(async (em) => {
      const { message, found } = await this.requireMessage(viewer, id, em);
      return (await this.present(viewer, found, [message], em))[0];
    });
  }

  private settle(viewer: Viewer, id: string, to: 'cleared' | 'returned', reason?: string): Promise<MessageView> {
    return this.tx.run(async (em) => {
      const { message, found } = await this.requireMessage(viewer, id, em);
      enforce(this.policy.onMessage(viewer, found.facts, message).settle());
      const cipher = this.inquiries.cipherOf(found.inquiry);
      const patch: Partial<Message> = { updatedAt: this.clock.iso() };
      if (reason) patch.returnReasonSealed = cipher.seal(returnReasonField(id), reason);
      if (!(await this.messages.settle(id, to, patch, em))) throw refuse('message.settled', 'the reply was settled meanwhile');
      if (answersRequester({ ...message, clearance: to })) await this.inquiries.noteReplyVisible(message.inquiryId, em);
      await this.audit.record(em, { actorId: viewer.userId, action: `message.${to}`, inquiryId: message.inquiryId, details: { messageId: id } });
      await this.outbox.enqueue(em, { kind: `reply.${to}`, inquiryId: message.inquiryId, actorId: viewer.userId, payload: { messageId: id, authorId: message.authorId } });
      return (await this.present(viewer, found, [{ ...message, ...patch, clearance: to }], em))[0];
    });
  }

  private async requireParent(viewer: Viewer, found: VisibleInquiry, parentId: string, em: EntityManager): Promise<void> {
    const audience = this.requireAudience(viewer, found);
    const visible = visibleMessages(await this.messages.thread(found.inquiry.id, em), audience);
    if (!visible.some((m) => m.id === parentId)) throw refuse('message.parent-invalid', 'parentId must be a message of this inquiry that you can see');
  }

  private requireAudience(viewer: Viewer, found: VisibleInquiry): ThreadAudience {
    const audience = this.policy.onInquiry(viewer, found.facts).threadAudience();
    if (!audience) throw refuse('message.thread-closed-to-expert', 'the thread opens once you accept the assignment');
    return audience;
  }

  /** The messages as the viewer sees them, each with what the viewer may do with it now. */
  private async present(viewer: Viewer, found: VisibleInquiry, messages: Message[], em: EntityManager): Promise<MessageView[]> {
    const files = await this.files.ofMessages(
      messages.map((m) => m.id),
      em,
    );
    return this.presentWith(viewer, found, messages, files);
  }

  /** `bodyOf`: the bodies when the caller has them in the clear already (else each is opened). */
  private presentWith(
    viewer: Viewer,
    found: VisibleInquiry,
    messages: Message[],
    files: Awaited<ReturnType<AttachmentStore['ofMessages']>>,
    bodyOf?: (m: Message) => string,
  ): MessageView[] {
    const cipher = this.inquiries.cipherOf(found.inquiry);
    return messages.map((m) => {
      const permissions = this.policy.onMessage(viewer, found.facts, m);
      const attachments = files.filter((f) => f.messageId === m.id).map((f) => this.files.view(f, cipher));
      const body = bodyOf ? bodyOf(m) : cipher.openText(messageField(m.id), m.bodySealed);
      const returnReason = permissions.seesReturnReason() && m.returnReasonSealed ? cipher.openText(returnReasonField(m.id), m.returnReasonSealed) : null;
      return toMessageView(m, attachments, body, returnReason, permissions.can());
    });
  }
}
