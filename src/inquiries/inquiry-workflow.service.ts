import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { toIsoUtc } from '../common/validators.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Viewer } from '../common/viewer.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersService } from '../identity/users.service.js';
import { Outbox } from '../events/outbox.js';
import { TopicsService } from '../topics/topics.service.js';
import type { AddParticipantDto } from './dto/participant.dto.js';
import type { TransitionDto } from './dto/transition.dto.js';
import type { TriageDto } from './dto/triage.dto.js';
import { InquiriesService } from './inquiries.service.js';
import type { Inquiry } from './inquiry.entity.js';
import { InquiryRepository } from './inquiry.repository.js';
import type { InquiryView } from './inquiry.view.js';
import type { ParticipantView } from './participant.view.js';
import { answerDue, milestonesOnMove, slaOnMove } from './sla.js';
import { automaticOutcome, endsInquiry, transitionRequirement, type InquiryStatus } from '../common/workflow.js';
import { refuse } from '../common/errors/refusal.js';

/**
 * What another module does, in the same transaction, when an inquiry is closed or withdrawn (the
 * assignments module withdraws the proposals still open): registered at start, so that inquiries
 * need not depend on the modules that depend on them.
 */
export type OnInquiryEnded = (em: EntityManager, inquiryId: string, actorId: string, to: InquiryStatus) => Promise<void>;

/** Triage, status moves and sharing: the commands on an existing inquiry. */
@Injectable()
export class InquiryWorkflowService {
  private readonly onEnded: OnInquiryEnded[] = [];

  constructor(
    private readonly inquiries: InquiryRepository,
    private readonly reader: InquiriesService,
    private readonly policy: AccessPolicy,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  whenEnded(hook: OnInquiryEnded): void {
    this.onEnded.push(hook);
  }

  triage(viewer: Viewer, id: string, dto: TriageDto): Promise<InquiryView> {
    const fields = (['priority', 'tags', 'dueAt', 'topics'] as const).filter((f) => dto[f] !== undefined);
    if (fields.length === 0) throw refuse('inquiry.nothing-to-change', 'nothing to change: give priority, tags, dueAt or topics');
    return this.tx.run(async (em) => {
      const found = await this.reader.requireVisible(viewer, id, em);
      enforce(this.policy.onInquiry(viewer, found.facts).triage());
      const patch: Partial<Inquiry> = { updatedAt: this.clock.iso() };
      if (dto.priority !== undefined) patch.priority = dto.priority;
      if (dto.tags !== undefined) patch.tags = [...new Set(dto.tags.map((t) => t.trim()))];
      if (dto.dueAt !== undefined) {
        patch.dueAt = dto.dueAt === null ? null : toIsoUtc(dto.dueAt);
        patch.slaDueAt = answerDue({ ...found.inquiry, dueAt: patch.dueAt }, this.config.sla);
      }
      if (dto.topics !== undefined) {
        await this.topics.requireUsable(dto.topics, em, found.inquiry.topics);
        patch.topics = dto.topics;
      }
      if (!(await this.inquiries.updateIfVersion(id, dto.version, patch, em))) {
        throw refuse('inquiry.changed', `the inquiry has changed since version ${dto.version}: reload it and try again`, { version: dto.version });
      }
      if (dto.topics !== undefined) await this.inquiries.replaceTopicIndex(id, dto.topics, em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'inquiry.triaged', inquiryId: id, details: { fields: [...fields] } });
      return this.reader.present(viewer, { ...found, inquiry: { ...found.inquiry, ...patch, version: dto.version + 1 } }, em) as Promise<InquiryView>;
    });
  }

  transition(viewer: Viewer, id: string, dto: TransitionDto): Promise<InquiryView> {
    return this.tx.run(async (em) => {
      const found = await this.reader.requireVisible(viewer, id, em);
      const permissions = this.policy.onInquiry(viewer, found.facts);
      enforce(permissions.transition(dto.to));
      const actor = permissions.workflowActor()!;
      const from = found.inquiry.status;
      const needs = transitionRequirement(actor, from, dto.to);
      if (needs.outcome && !dto.outcome) throw refuse('inquiry.outcome-required', 'outcome is required to close');
      if (!needs.outcome && dto.outcome) throw refuse('inquiry.outcome-not-allowed', 'outcome is only given when the secretariat closes');
      if (needs.reason && !dto.reason) throw refuse('inquiry.reason-required', `reason is required to close from ${from}`, { status: from });
      const automatic = automaticOutcome(actor, dto.to);
      const outcome = automatic === undefined ? dto.outcome : automatic;
      const at = this.clock.iso();
      const patch: Partial<Inquiry> = { updatedAt: at, ...slaOnMove(found.inquiry, from, dto.to, at, this.config.sla), ...milestonesOnMove(found.inquiry, from, dto.to, at) };
      if (outcome !== undefined) patch.outcome = outcome;
      if (!(await this.inquiries.moveStatus(id, from, dto.to, patch, em))) {
        throw refuse('inquiry.changed', 'the inquiry changed status meanwhile: reload it and try again');
      }
      await this.audit.record(em, {
        actorId: viewer.userId,
        action: 'inquiry.status-changed',
        inquiryId: id,
        details: { from, to: dto.to, outcome: outcome ?? null, reasonGiven: Boolean(dto.reason) },
      });
      await this.outbox.enqueue(em, { kind: 'inquiry.status-changed', inquiryId: id, actorId: viewer.userId, payload: { from, to: dto.to } });
      if (endsInquiry(dto.to)) for (const hook of this.onEnded) await hook(em, id, viewer.userId, dto.to);
      const moved = { ...found.inquiry, ...patch, status: dto.to, version: found.inquiry.version + 1 };
      return this.reader.present(viewer, { ...found, inquiry: moved }, em) as Promise<InquiryView>;
    });
  }

  /**
   * A move the service makes by itself as the consequence of another command (the first accepted
   * assignment, a requester's reply), inside that command's transaction; nothing happens unless
   * the inquiry is still in `from`.
   */
  async follow(em: EntityManager, inquiryId: string, from: InquiryStatus, to: InquiryStatus, actorId: string, cause: string): Promise<boolean> {
    const inquiry = await this.inquiries.findForSystem(inquiryId, em);
    const at = this.clock.iso();
    if (
      !inquiry ||
      !(await this.inquiries.moveStatus(
        inquiryId,
        from,
        to,
        { updatedAt: at, ...slaOnMove(inquiry, from, to, at, this.config.sla), ...milestonesOnMove(inquiry, from, to, at) },
        em,
      ))
    )
      return false;
    await this.audit.record(em, { actorId, action: 'inquiry.status-changed', inquiryId, details: { from, to, cause } });
    await this.outbox.enqueue(em, { kind: 'inquiry.status-changed', inquiryId, actorId, payload: { from, to } });
    return true;
  }

  share(viewer: Viewer, id: string, dto: AddParticipantDto): Promise<ParticipantView> {
    return this.tx.run(async (em) => {
      const found = await this.reader.requireVisible(viewer, id, em);
      enforce(this.policy.onInquiry(viewer, found.facts).share());
      const { inquiry } = found;
      if (dto.userId === inquiry.requesterId || !(await this.users.isActiveRequesterOf(dto.userId, inquiry.organizationId))) {
        throw refuse('inquiry.share-not-colleague', "an inquiry can be shared only with another active requester of the requester's organisation");
      }
      if (await this.inquiries.isParticipant(id, dto.userId, em)) throw refuse('inquiry.already-shared', 'the inquiry is already shared with this user');
      const addedAt = this.clock.iso();
      await this.inquiries.addParticipant({ inquiryId: id, userId: dto.userId, addedById: viewer.userId, addedAt }, em);
      await this.audit.record(em, { actorId: viewer.userId, action: 'inquiry.shared', inquiryId: id, details: { userId: dto.userId } });
      await this.outbox.enqueue(em, { kind: 'inquiry.shared', inquiryId: id, actorId: viewer.userId, payload: { userId: dto.userId } });
      return { inquiryId: id, userId: dto.userId, addedAt };
    });
  }

  /**
   * The filing requester or the secretariat takes a participant off the inquiry, whatever its
   * status: the colleague's access ends with the transaction. 404 when the user is not a
   * participant (nothing to remove), 409 for the requester who filed it (who cannot be removed).
   */
  removeParticipant(viewer: Viewer, id: string, userId: string): Promise<void> {
    return this.tx.run(async (em) => {
      const found = await this.reader.requireVisible(viewer, id, em);
      enforce(this.policy.onInquiry(viewer, found.facts).removeParticipant());
      if (userId === found.inquiry.requesterId) throw refuse('inquiry.requester-not-removable', 'the requester who filed the inquiry cannot be removed from it');
      if (!(await this.inquiries.removeParticipant(id, userId, em))) throw refuse('inquiry.not-participant', 'this user is not a participant of the inquiry');
      await this.audit.record(em, { actorId: viewer.userId, action: 'inquiry.participant-removed', inquiryId: id, details: { userId } });
      await this.outbox.enqueue(em, { kind: 'inquiry.participant-removed', inquiryId: id, actorId: viewer.userId, payload: { userId } });
    });
  }
}
