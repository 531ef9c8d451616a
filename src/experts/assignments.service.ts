import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.js';
import type { AssignmentPermissions } from '../access/assignment-permissions.js';
import { enforce, type Decision } from '../access/decision.js';
import { AuditTrail } from '../audit/audit-trail.js';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { Page } from '../common/page.js';
import { toIsoUtc } from '../common/validators.js';
import type { Viewer } from '../common/viewer.js';
import { DataKeys } from '../crypto/data-keys.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UsersService } from '../identity/users.service.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../inquiries/inquiry-workflow.service.js';
import { moveOnAcceptance, type InquiryStatus } from '../common/workflow.js';
import { Outbox } from '../events/outbox.js';
import type { AssignmentStatus } from '../common/assignment-status.js';
import type { Assignment } from './assignment.entity.js';
import { AssignmentRepository } from './assignment.repository.js';
import { toAssignmentView, type AssignmentView } from './assignment.view.js';
import type { DeclineAssignmentDto, ListAssignmentsQuery, ProposeAssignmentDto } from './dto/assignment.dto.js';
import { ExpertRepository } from './expert.repository.js';
import { refuse } from '../common/errors/refusal.js';

const NOT_FOUND = 'assignment not found';
const DECLINE_REASON = 'assignment-decline-reason';
/** The sealing context of a conflict override's reason: free text, sealed like every confidential text. */
export const overrideReasonField = (assignmentId: string) => `assignment-override-reason:${assignmentId}`;

/** The assignment lifecycle: proposed → accepted → completed, or declined, or withdrawn. */
@Injectable()
export class AssignmentsService implements OnModuleInit {
  constructor(
    private readonly assignments: AssignmentRepository,
    private readonly policy: AccessPolicy,
    private readonly experts: ExpertRepository,
    private readonly users: UsersService,
    private readonly inquiries: InquiriesService,
    private readonly workflow: InquiryWorkflowService,
    private readonly dataKeys: DataKeys,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** Closing or withdrawing an inquiry withdraws the proposals still open on it, in the same transaction. */
  onModuleInit(): void {
    this.workflow.whenEnded((em, inquiryId, actorId, to) => this.withdrawProposals(em, inquiryId, actorId, to));
  }

  async propose(viewer: Viewer, inquiryId: string, dto: ProposeAssignmentDto): Promise<AssignmentView> {
    if ((await this.users.activeExpertName(dto.expertId)) === null) throw refuse('expert.not-active', 'expertId must name an active expert');
    return this.tx.run(async (em) => {
      const found = await this.inquiries.requireVisible(viewer, inquiryId, em);
      const { inquiry } = found;
      await this.inquiries.lock(inquiryId, em);
      enforce(this.policy.onInquiry(viewer, found.facts).propose());
      if (await this.assignments.isStanding(inquiryId, dto.expertId, em)) throw refuse('assignment.already-on', 'this expert is already on the inquiry');
      const profile = await this.experts.findProfile(dto.expertId, em);
      const conflict = profile?.conflictCountries.includes(inquiry.country) ?? false;
      if (conflict && !dto.overrideConflict) {
        throw refuse(
          'assignment.conflict-of-interest',
          `conflict of interest: the expert has a declared conflict with ${inquiry.country}; give overrideConflict.reason to assign anyway`,
          { country: inquiry.country },
        );
      }
      const at = this.clock.iso();
      const id = newId();
      const assignment: Assignment = {
        id,
        inquiryId,
        expertId: dto.expertId,
        role: dto.role,
        status: 'proposed',
        dueAt: dto.dueAt ? toIsoUtc(dto.dueAt) : null,
        proposedById: viewer.userId,
        declineReasonSealed: null,
        createdAt: at,
        updatedAt: at,
      };
      await this.assignments.insert(assignment, em);
      await this.audit.record(em, {
        actorId: viewer.userId,
        action: 'assignment.proposed',
        inquiryId,
        // The reason is the secretariat's own words about the case: sealed with the inquiry's key, as the audit holds no plaintext.
        details: {
          assignmentId: id,
          expertId: dto.expertId,
          role: dto.role,
          conflictOverride: conflict,
          conflictOverrideReasonSealed:
            conflict && dto.overrideConflict ? this.dataKeys.cipher(inquiry.id, inquiry.wrappedKey).seal(overrideReasonField(id), dto.overrideConflict.reason) : null,
        },
      });
      await this.outbox.enqueue(em, { kind: 'assignment.proposed', inquiryId, actorId: viewer.userId, payload: { assignmentId: assignment.id, expertId: dto.expertId } });
      return toAssignmentView(assignment, this.permissions(viewer, assignment, inquiry.status).can());
    });
  }

  /** The expert accepts, declaring no conflict; the first acceptance starts the work on a triaged inquiry. */
  accept(viewer: Viewer, id: string): Promise<AssignmentView> {
    return this.step(
      viewer,
      id,
      (p) => p.accept(),
      'accepted',
      async (em, a, inquiryStatus) => {
        const next = moveOnAcceptance(inquiryStatus);
        if (next) await this.workflow.follow(em, a.inquiryId, inquiryStatus, next, viewer.userId, 'assignment.accepted');
        return { details: { noConflictDeclared: true } };
      },
    );
  }

  decline(viewer: Viewer, id: string, dto: DeclineAssignmentDto): Promise<AssignmentView> {
    return this.step(
      viewer,
      id,
      (p) => p.decline(),
      'declined',
      async (em, a) => {
        const { inquiry } = await this.inquiries.requireVisible(viewer, a.inquiryId, em);
        const cipher = this.dataKeys.cipher(inquiry.id, inquiry.wrappedKey);
        return { patch: { declineReasonSealed: cipher.seal(`${DECLINE_REASON}:${a.id}`, dto.reason) } };
      },
    );
  }

  complete(viewer: Viewer, id: string): Promise<AssignmentView> {
    return this.step(viewer, id, (p) => p.complete(), 'completed');
  }

  /**
   * The secretariat ends an assignment in any standing state, completed included: the expert's
   * access ends with the transaction, and the expert is told only that an assignment ended.
   */
  withdraw(viewer: Viewer, id: string): Promise<AssignmentView> {
    return this.step(
      viewer,
      id,
      (p) => p.withdraw(),
      'withdrawn',
      async (em, a) => {
        await this.outbox.enqueue(em, { kind: 'assignment.ended', actorId: viewer.userId, payload: { userId: a.expertId } });
        return {};
      },
    );
  }

  /** The proposals still open on an inquiry that has just been closed or withdrawn: withdrawn, each on record. */
  private async withdrawProposals(em: EntityManager, inquiryId: string, actorId: string, to: InquiryStatus): Promise<void> {
    for (const a of await this.assignments.proposedOn(inquiryId, em)) {
      if (!(await this.assignments.move(a.id, ['proposed'], { status: 'withdrawn', updatedAt: this.clock.iso() }, em))) continue;
      await this.audit.record(em, { actorId, action: 'assignment.withdrawn', inquiryId, details: { assignmentId: a.id, expertId: a.expertId, cause: `inquiry.${to}` } });
      await this.outbox.enqueue(em, { kind: 'assignment.withdrawn', inquiryId, actorId, payload: { assignmentId: a.id, expertId: a.expertId } });
      await this.outbox.enqueue(em, { kind: 'assignment.ended', actorId, payload: { userId: a.expertId } });
    }
  }

  /** The experts at work on an inquiry (accepted assignments), for the dispatcher. */
  engagedExperts(inquiryId: string): Promise<string[]> {
    return this.assignments.expertsWithStatus(inquiryId, 'accepted');
  }

  async list(viewer: Viewer, q: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    const scope = this.policy.assignmentScope(viewer);
    const ownOnly = scope !== 'all' || q.mine === 'true';
    if (scope === 'none' || (ownOnly && !this.policy.holdsAssignments(viewer))) return { items: [], total: 0, nextCursor: null };
    const expertId = ownOnly ? viewer.userId : undefined;
    const page = await this.assignments.list({ expertId, inquiryId: q.inquiryId, status: q.status }, q);
    // One inquiry's assignments, for the secretariat: the decline reasons can be opened with one key.
    const cipher =
      scope === 'all' && q.inquiryId && page.items.some((a) => a.declineReasonSealed)
        ? await this.inquiries.requireVisible(viewer, q.inquiryId).then(({ inquiry }) => this.dataKeys.cipher(inquiry.id, inquiry.wrappedKey))
        : null;
    const statuses = await this.inquiries.statusesOf(page.items.map((a) => a.inquiryId));
    return {
      ...page,
      items: page.items.map((a) =>
        toAssignmentView(
          a,
          this.permissions(viewer, a, statuses.get(a.inquiryId)!).can(),
          cipher && a.declineReasonSealed ? cipher.openText(`${DECLINE_REASON}:${a.id}`, a.declineReasonSealed) : undefined,
        ),
      ),
    };
  }

  /** The inquiry of an assignment the viewer reaches (an expert its own), else the same 404 as a missing id: where a page shows a refused form about it. */
  async inquiryOf(viewer: Viewer, id: string): Promise<string> {
    const scope = this.policy.assignmentScope(viewer);
    const a = scope === 'none' ? null : await this.assignments.find(id, scope === 'all' ? undefined : scope.expertId);
    if (!a) throw refuse('assignment.not-found', NOT_FOUND);
    return a.inquiryId;
  }

  private permissions(viewer: Viewer, a: Assignment, inquiryStatus: InquiryStatus): AssignmentPermissions {
    return this.policy.onAssignment(viewer, { expertId: a.expertId, status: a.status, inquiryStatus });
  }

  /**
   * One step of the lifecycle (the routes decide which roles may take it): the move, its side
   * effects, the audit entry and the event, in one transaction. An expert reaches only its own
   * assignments; any other id is a 404.
   */
  private step(
    viewer: Viewer,
    id: string,
    decide: (p: AssignmentPermissions) => Decision,
    to: AssignmentStatus,
    effects?: (em: EntityManager, a: Assignment, inquiryStatus: InquiryStatus) => Promise<{ details?: Record<string, boolean>; patch?: Partial<Assignment> }>,
  ): Promise<AssignmentView> {
    return this.tx.run(async (em) => {
      const scope = this.policy.assignmentScope(viewer);
      const a = scope === 'none' ? null : await this.assignments.find(id, scope === 'all' ? undefined : scope.expertId, em);
      if (!a) throw refuse('assignment.not-found', NOT_FOUND);
      await this.inquiries.lock(a.inquiryId, em);
      const inquiryStatus = (await this.inquiries.statusesOf([a.inquiryId], em)).get(a.inquiryId)!;
      enforce(decide(this.permissions(viewer, a, inquiryStatus)));
      const { details = {}, patch: extra = {} } = effects ? await effects(em, a, inquiryStatus) : {};
      const patch: Partial<Assignment> = { ...extra, status: to, updatedAt: this.clock.iso() };
      if (!(await this.assignments.move(id, [a.status], patch, em))) throw refuse('assignment.changed', 'the assignment changed meanwhile: reload it');
      await this.audit.record(em, { actorId: viewer.userId, action: `assignment.${to}`, inquiryId: a.inquiryId, details: { assignmentId: id, expertId: a.expertId, ...details } });
      await this.outbox.enqueue(em, { kind: `assignment.${to}`, inquiryId: a.inquiryId, actorId: viewer.userId, payload: { assignmentId: id, expertId: a.expertId } });
      const moved = { ...a, ...patch };
      return toAssignmentView(moved, this.permissions(viewer, moved, inquiryStatus).can());
    });
  }
}
