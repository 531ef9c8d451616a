import { refuse } from '../common/errors/refusal.js';
import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { joinConsentAfter, joinStatus, type DuplicatePermissions, type JoinFacts } from '../access/duplicate-permissions.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { Outbox } from '../events/outbox.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import type { VisibleInquiry } from '../inquiries/inquiry.repository.js';
import { SUBJECT, BODY } from '../inquiries/inquiry.view.js';
import type { InquiryLink } from '../inquiries/links/inquiry-link.entity.js';
import { InquiryLinksService, LINK_NOT_FOUND } from '../inquiries/links/inquiry-links.service.js';
import { MessagesService } from '../messages/messages.service.js';
import type { InquiryJoin, SharedReply } from './duplicate.entities.js';
import { DuplicateRepository } from './duplicate.repository.js';
import type { JoinAnswerDto, ShareReplyDto } from './duplicates.dto.js';
import type { JoinedThreadView, JoinView, SharedReplyView } from './duplicates.view.js';

/** No question on this link answers like a missing link, and like a missing inquiry (LINK_NOT_FOUND). */
const JOIN_NOT_FOUND = LINK_NOT_FOUND;

/**
 * Duplicates (issue 21, case E3): the secretariat shares the primary's cleared replies with a
 * duplicate, explicitly, one at a time; and asks both requesters whether to join their threads,
 * which happens only when both agree. Every decision is the access policy's (`onDuplicate`).
 */
@Injectable()
export class DuplicatesService {
  constructor(
    private readonly duplicates: DuplicateRepository,
    private readonly links: InquiryLinksService,
    private readonly inquiries: InquiriesService,
    private readonly messages: MessagesService,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  private rules(viewer: Viewer, found: VisibleInquiry): DuplicatePermissions {
    return this.policy.onDuplicate(viewer, found.facts, found.inquiry.purgedAt !== null);
  }

  /** The secretariat shares one cleared expert reply of the primary with the duplicate `id`. */
  shareReply(viewer: Viewer, id: string, dto: ShareReplyDto): Promise<SharedReplyView> {
    return this.tx.run(async (em) => {
      const here = await this.inquiries.requireVisible(viewer, id, em);
      const link = await this.links.primaryLinkForSystem(id, em);
      const primary = link ? await this.inquiries.findForSystem(link.linkedInquiryId, em) : null;
      const thread = primary ? await this.messages.requesterSideForSystem(primary.id, em) : [];
      const reply = thread.find((m) => m.id === dto.messageId);
      enforce(
        this.rules(viewer, here).shareReply({
          duplicateOfPrimary: link !== null && primary !== null,
          primaryStatus: primary?.status ?? 'submitted',
          reply: reply ?? null,
          sharedAlready: await this.duplicates.isShared(id, dto.messageId, em),
        }),
      );
      const share: SharedReply = { id: newId(), linkId: link!.id, inquiryId: id, messageId: reply!.id, sharedById: viewer.userId, sharedAt: this.clock.iso() };
      await this.duplicates.insertShare(share, em);
      const details = { sharedReplyId: share.id, messageId: reply!.id, duplicateId: id, primaryId: primary!.id };
      await this.audit.record(em, { actorId: viewer.userId, action: 'reply.shared-with-duplicate', inquiryId: id, details });
      await this.audit.record(em, { actorId: viewer.userId, action: 'reply.shared-with-duplicate', inquiryId: primary!.id, details });
      await this.outbox.enqueue(em, { kind: 'reply.shared-from-related', inquiryId: id, actorId: viewer.userId, payload: { sharedReplyId: share.id } });
      return { id: share.id, body: reply!.body, repliedAt: reply!.createdAt, sharedAt: share.sharedAt };
    });
  }

  /**
   * For the secretariat's page of a duplicate: the primary's replies it may share now (cleared
   * expert replies not shared yet), with the start of each. The read of the primary is on record.
   */
  shareable(viewer: Viewer, id: string): Promise<Array<{ messageId: string; excerpt: string; createdAt: string }>> {
    return this.tx.run(async (em) => {
      const here = await this.inquiries.requireVisible(viewer, id, em);
      if (!this.rules(viewer, here).offerSharing()) return [];
      const link = await this.links.primaryLinkForSystem(id, em);
      if (!link) return [];
      const shared = new Set((await this.duplicates.sharedWith(id, em)).map((s) => s.messageId));
      const replies = (await this.messages.requesterSideForSystem(link.linkedInquiryId, em)).filter(
        (m) => !shared.has(m.id) && !this.rules(viewer, here).shareReply({ duplicateOfPrimary: true, primaryStatus: 'in-progress', reply: m, sharedAlready: false }),
      );
      if (replies.length > 0)
        await this.audit.record(em, { actorId: viewer.userId, action: 'thread.read', inquiryId: link.linkedInquiryId, details: { messages: replies.length, for: 'sharing' } });
      return replies.map((m) => ({ messageId: m.id, excerpt: m.body.length > 300 ? `${m.body.slice(0, 300)}…` : m.body, createdAt: m.createdAt }));
    });
  }

  /**
   * The replies shared with this inquiry, for whoever reads its thread: a reply no longer cleared
   * for the primary's requester side (it cannot be, once cleared) or whose message is gone (purged)
   * is not shown; removing the link removed the shares.
   */
  sharedReplies(viewer: Viewer, id: string): Promise<SharedReplyView[]> {
    return this.tx.run(async (em) => {
      const here = await this.inquiries.requireVisible(viewer, id, em);
      const readsThread = this.policy.onInquiry(viewer, here.facts).threadAudience() !== null;
      if (!readsThread) throw new ForbiddenException('the thread opens once you accept the assignment');
      if (!this.rules(viewer, here).readSharedReplies(readsThread)) return [];
      const shares = await this.duplicates.sharedWith(id, em);
      if (shares.length === 0) return [];
      const link = await this.links.primaryLinkForSystem(id, em);
      const thread = link ? await this.messages.requesterSideForSystem(link.linkedInquiryId, em) : [];
      const byId = new Map(thread.map((m) => [m.id, m]));
      const shown = shares.filter((s) => byId.has(s.messageId));
      await this.audit.record(em, { actorId: viewer.userId, action: 'shared-replies.read', inquiryId: id, details: { replies: shown.length } });
      return shown.map((s) => ({ id: s.id, body: byId.get(s.messageId)!.body, repliedAt: byId.get(s.messageId)!.createdAt, sharedAt: s.sharedAt }));
    });
  }

  /** The secretariat asks the requesters of a duplicate and of its primary whether to join their threads. */
  askToJoin(viewer: Viewer, id: string, linkId: string): Promise<JoinView> {
    return this.tx.run(async (em) => {
      const here = await this.inquiries.requireVisible(viewer, id, em);
      const link = await this.requireLink(id, linkId, em);
      const other = await this.inquiries.findForSystem(this.otherSide(link, id), em);
      const [existing] = await this.duplicates.joinsOf([link.id], em);
      enforce(this.rules(viewer, here).askToJoin({ kind: link.kind, otherStatus: other!.status, askedAlready: existing !== undefined }));
      const at = this.clock.iso();
      const join: InquiryJoin = { linkId: link.id, duplicateConsent: null, primaryConsent: null, askedById: viewer.userId, askedAt: at, joinedAt: null, updatedAt: at };
      await this.duplicates.insertJoin(join, em);
      for (const inquiryId of [link.inquiryId, link.linkedInquiryId]) {
        await this.audit.record(em, { actorId: viewer.userId, action: 'join.asked', inquiryId, details: { linkId: link.id } });
        await this.outbox.enqueue(em, { kind: 'join.asked', inquiryId, actorId: viewer.userId, payload: { linkId: link.id } });
      }
      return this.joinView(viewer, here, link, join, other!.status);
    });
  }

  /** The questions to join put about this inquiry (a primary may have several duplicates). */
  async joins(viewer: Viewer, id: string): Promise<JoinView[]> {
    const here = await this.inquiries.requireVisible(viewer, id);
    enforce(this.rules(viewer, here).seesJoin());
    const links = await this.links.duplicateLinksForSystem(id);
    const joins = await this.duplicates.joinsOf(links.map((l) => l.id));
    const statuses = await this.inquiries.statusesOf(links.map((l) => this.otherSide(l, id)));
    return joins.map((j) => {
      const link = links.find((l) => l.id === j.linkId)!;
      return this.joinView(viewer, here, link, j, statuses.get(this.otherSide(link, id)) ?? 'withdrawn');
    });
  }

  /** The filing requester agrees, refuses, or withdraws an agreement: when both agreed, the threads are joined. */
  answerJoin(viewer: Viewer, id: string, linkId: string, dto: JoinAnswerDto): Promise<JoinView> {
    return this.tx.run(async (em) => {
      const here = await this.inquiries.requireVisible(viewer, id, em);
      enforce(this.rules(viewer, here).seesJoin());
      const { link, join, facts } = await this.requireJoin(id, linkId, em);
      enforce(this.rules(viewer, here).answerJoin(facts, dto.consent));
      const to = joinConsentAfter(facts.mine, dto.consent);
      const at = this.clock.iso();
      const side = link.inquiryId === id ? 'duplicateConsent' : 'primaryConsent';
      if (!(await this.duplicates.answer(link.id, side, facts.mine, to, at, em))) throw new ConflictException('the answer changed meanwhile: reload and try again');
      const updated: InquiryJoin = { ...join, [side]: to, updatedAt: at };
      await this.audit.record(em, { actorId: viewer.userId, action: `join.${to}`, inquiryId: id, details: { linkId: link.id } });
      if (joinStatus(updated.duplicateConsent, updated.primaryConsent, null) === 'joined') {
        updated.joinedAt = at;
        await this.duplicates.markJoined(link.id, at, em);
        for (const inquiryId of [link.inquiryId, link.linkedInquiryId]) {
          await this.audit.record(em, { actorId: viewer.userId, action: 'join.joined', inquiryId, details: { linkId: link.id } });
        }
      }
      return this.joinView(viewer, here, link, updated, facts.otherStatus);
    });
  }

  /** Once both agreed: the other requester's query and what its requester side reads of its thread. The read is on record on both. */
  otherThread(viewer: Viewer, id: string, linkId: string): Promise<JoinedThreadView> {
    return this.tx.run(async (em) => {
      const here = await this.inquiries.requireVisible(viewer, id, em);
      enforce(this.rules(viewer, here).seesJoin());
      const { link, facts } = await this.requireJoin(id, linkId, em);
      enforce(this.rules(viewer, here).readOtherThread(facts));
      const other = (await this.inquiries.findForSystem(this.otherSide(link, id), em))!;
      const messages = await this.messages.requesterSideForSystem(other.id, em);
      const cipher = this.inquiries.cipherOf(other);
      for (const inquiryId of [other.id, id]) {
        await this.audit.record(em, { actorId: viewer.userId, action: 'joined-thread.read', inquiryId, details: { linkId: link.id, messages: messages.length } });
      }
      return {
        reference: other.reference,
        subject: other.purgedAt ? '' : cipher.openText(SUBJECT, other.subjectSealed),
        body: other.purgedAt ? '' : cipher.openText(BODY, other.bodySealed),
        messages: messages.map((m) => ({ id: m.id, parentId: m.parentId, authorRole: m.authorRole, body: m.body, createdAt: m.createdAt })),
      };
    });
  }

  private otherSide(link: InquiryLink, id: string): string {
    return link.inquiryId === id ? link.linkedInquiryId : link.inquiryId;
  }

  private async requireLink(id: string, linkId: string, em: EntityManager): Promise<InquiryLink> {
    const link = await this.links.linkForSystem(id, linkId, em);
    if (!link) throw refuse('inquiry.not-found', LINK_NOT_FOUND);
    return link;
  }

  private async requireJoin(id: string, linkId: string, em: EntityManager): Promise<{ link: InquiryLink; join: InquiryJoin; facts: JoinFacts }> {
    const link = await this.requireLink(id, linkId, em);
    const [join] = await this.duplicates.joinsOf([link.id], em);
    if (!join) throw refuse('inquiry.not-found', JOIN_NOT_FOUND);
    const other = await this.inquiries.findForSystem(this.otherSide(link, id), em);
    return { link, join, facts: this.factsOf(link, join, id, other!.status) };
  }

  private factsOf(link: InquiryLink, join: InquiryJoin, id: string, otherStatus: JoinFacts['otherStatus']): JoinFacts {
    const duplicateSide = link.inquiryId === id;
    return {
      mine: duplicateSide ? join.duplicateConsent : join.primaryConsent,
      theirs: duplicateSide ? join.primaryConsent : join.duplicateConsent,
      joinedAt: join.joinedAt,
      otherStatus,
    };
  }

  private joinView(viewer: Viewer, here: VisibleInquiry, link: InquiryLink, join: InquiryJoin, otherStatus: JoinFacts['otherStatus']): JoinView {
    const facts = this.factsOf(link, join, here.inquiry.id, otherStatus);
    return {
      linkId: link.id,
      status: joinStatus(facts.mine, facts.theirs, facts.joinedAt),
      consent: facts.mine,
      askedAt: join.askedAt,
      joinedAt: join.joinedAt,
      viewerCan: this.rules(viewer, here).joinCan(facts),
    };
  }
}
