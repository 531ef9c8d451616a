import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
import { OPEN_STATUSES } from '../inquiries/workflow.js';
import { Outbox } from '../notifications/outbox.js';
import type { Assignment, AssignmentStatus } from './assignment.entity.js';
import { AssignmentRepository } from './assignment.repository.js';
import { toAssignmentView, type AssignmentView } from './assignment.view.js';
import type { DeclineAssignmentDto, ListAssignmentsQuery, ProposeAssignmentDto } from './dto/assignment.dto.js';
import { ExpertRepository } from './expert.repository.js';

const NOT_FOUND = 'assignment not found';
const DECLINE_REASON = 'assignment-decline-reason';

/** The assignment lifecycle: proposed → accepted → completed, or declined, or withdrawn. */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly assignments: AssignmentRepository,
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

  async propose(viewer: Viewer, inquiryId: string, dto: ProposeAssignmentDto): Promise<AssignmentView> {
    if ((await this.users.activeExpertName(dto.expertId)) === null) throw new BadRequestException('expertId must name an active expert');
    return this.tx.run(async (em) => {
      const { inquiry } = await this.inquiries.requireVisible(viewer, inquiryId, em);
      await this.inquiries.lock(inquiryId, em);
      if (!OPEN_STATUSES.includes(inquiry.status)) throw new ConflictException(`the inquiry is ${inquiry.status}: no expert can be assigned`);
      if (await this.assignments.isStanding(inquiryId, dto.expertId, em)) throw new ConflictException('this expert is already on the inquiry');
      const profile = await this.experts.findProfile(dto.expertId, em);
      const conflict = profile?.conflictCountries.includes(inquiry.country) ?? false;
      if (conflict && !dto.overrideConflict) {
        throw new ConflictException(`conflict of interest: the expert has a declared conflict with ${inquiry.country}; give overrideConflict.reason to assign anyway`);
      }
      const at = this.clock.iso();
      const assignment: Assignment = {
        id: newId(),
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
        details: { assignmentId: assignment.id, expertId: dto.expertId, role: dto.role, conflictOverride: conflict ? (dto.overrideConflict?.reason ?? null) : null },
      });
      await this.outbox.enqueue(em, { kind: 'assignment.proposed', inquiryId, actorId: viewer.userId, payload: { assignmentId: assignment.id, expertId: dto.expertId } });
      return toAssignmentView(assignment);
    });
  }

  /** The expert accepts, declaring no conflict; the first acceptance starts the work on a triaged inquiry. */
  accept(viewer: Viewer, id: string): Promise<AssignmentView> {
    return this.step(viewer, id, ['proposed'], 'accepted', async (em, a) => {
      const { inquiry } = await this.inquiries.requireVisible(viewer, a.inquiryId, em);
      if (inquiry.status === 'triaged') await this.workflow.follow(em, a.inquiryId, 'triaged', 'in-progress', viewer.userId, 'assignment.accepted');
      return { details: { noConflictDeclared: true } };
    });
  }

  decline(viewer: Viewer, id: string, dto: DeclineAssignmentDto): Promise<AssignmentView> {
    return this.step(viewer, id, ['proposed'], 'declined', async (em, a) => {
      const { inquiry } = await this.inquiries.requireVisible(viewer, a.inquiryId, em);
      const cipher = this.dataKeys.cipher(inquiry.id, inquiry.wrappedKey);
      return { patch: { declineReasonSealed: cipher.seal(`${DECLINE_REASON}:${a.id}`, dto.reason) } };
    });
  }

  complete(viewer: Viewer, id: string): Promise<AssignmentView> {
    return this.step(viewer, id, ['accepted'], 'completed');
  }

  withdraw(viewer: Viewer, id: string): Promise<AssignmentView> {
    return this.step(viewer, id, ['proposed', 'accepted'], 'withdrawn');
  }

  /** The experts at work on an inquiry (accepted assignments), for the dispatcher. */
  engagedExperts(inquiryId: string): Promise<string[]> {
    return this.assignments.expertsWithStatus(inquiryId, 'accepted');
  }

  async list(viewer: Viewer, q: ListAssignmentsQuery): Promise<Page<AssignmentView>> {
    const mine = viewer.role === 'expert' || q.mine === 'true';
    const page = await this.assignments.list({ expertId: mine ? viewer.userId : undefined, inquiryId: q.inquiryId, status: q.status }, q);
    // One inquiry's assignments, for the secretariat: the decline reasons can be opened with one key.
    const cipher =
      viewer.role === 'secretariat' && q.inquiryId && page.items.some((a) => a.declineReasonSealed)
        ? await this.inquiries.requireVisible(viewer, q.inquiryId).then(({ inquiry }) => this.dataKeys.cipher(inquiry.id, inquiry.wrappedKey))
        : null;
    return {
      ...page,
      items: page.items.map((a) =>
        toAssignmentView(a, cipher && a.declineReasonSealed ? cipher.openText(`${DECLINE_REASON}:${a.id}`, a.declineReasonSealed) : undefined),
      ),
    };
  }

  /**
   * One step of the lifecycle (the routes decide which roles may take it): the move, its side
   * effects, the audit entry and the event, in one transaction. An expert reaches only its own
   * assignments; any other id is a 404.
   */
  private step(
    viewer: Viewer,
    id: string,
    from: AssignmentStatus[],
    to: AssignmentStatus,
    effects?: (em: EntityManager, a: Assignment) => Promise<{ details?: Record<string, boolean>; patch?: Partial<Assignment> }>,
  ): Promise<AssignmentView> {
    return this.tx.run(async (em) => {
      const a = await this.assignments.find(id, viewer.role === 'secretariat' ? undefined : viewer.userId, em);
      if (!a) throw new NotFoundException(NOT_FOUND);
      await this.inquiries.lock(a.inquiryId, em);
      if (!from.includes(a.status)) throw new ConflictException(`the assignment is ${a.status}; it can be ${to} only when ${from.join(' or ')}`);
      const { details = {}, patch: extra = {} } = effects ? await effects(em, a) : {};
      const patch: Partial<Assignment> = { ...extra, status: to, updatedAt: this.clock.iso() };
      if (!(await this.assignments.move(id, from, patch, em))) throw new ConflictException('the assignment changed meanwhile: reload it');
      await this.audit.record(em, { actorId: viewer.userId, action: `assignment.${to}`, inquiryId: a.inquiryId, details: { assignmentId: id, expertId: a.expertId, ...details } });
      await this.outbox.enqueue(em, { kind: `assignment.${to}`, inquiryId: a.inquiryId, actorId: viewer.userId, payload: { assignmentId: id, expertId: a.expertId } });
      return toAssignmentView({ ...a, ...patch });
    });
  }
}
