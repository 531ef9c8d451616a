import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../common/viewer.js';
import type { SqlCondition } from '../database/raw-sql.js';
import type { Role } from '../common/role.js';
import type { InquiryStatus } from '../common/workflow.js';
import { AssignmentPermissions, type AssignmentFacts } from './assignment-permissions.js';
import { badRequest, conflict, forbidden, type Decision } from './decision.js';
import { ExpertStanding, type AccessFacts } from './facts.js';
import { InquiryPermissions } from './inquiry-permissions.js';
import { ConsentPermissions, KnowledgePermissions } from './knowledge-permissions.js';
import { DuplicatePermissions } from './duplicate-permissions.js';
import { LinkPermissions } from './link-permissions.js';
import { MessagePermissions } from './message-permissions.js';
import type { MessageFacts } from './message-visibility.js';

/** What the related-queries section of an inquiry's page shows to a viewer (`relatedSectionCan`). */
export interface RelatedSectionCan {
  readLinks: boolean;
  /** Triage's suggestions, and making and removing links. */
  suggest: boolean;
  readSharedReplies: boolean;
  seeJoins: boolean;
}

/** How much of an inquiry a viewer may see. `none` answers exactly like a missing id (404). */
export type ViewLevel = 'none' | 'summary' | 'full';

export { ExpertStanding, type AccessFacts } from './facts.js';

/** A set of inquiries (`alias`) read from `from`, under the condition: one of the parts of what a viewer sees. */
export interface VisibleSet extends SqlCondition {
  from: string;
}

// Declined and withdrawn assignments count for nothing: access ends with them.
const STANDING_SQL = `MAX(CASE a.status WHEN 'accepted' THEN 3 WHEN 'completed' THEN 2 WHEN 'proposed' THEN 1 ELSE 0 END)`;

/**
 * The access policy: the single place that decides who sees which inquiry, and how much of it,
 * and what each viewer may do (DESIGN.md rule 1). Repositories call it to put the decision into
 * SQL; services turn the loaded facts (the viewer's place on the inquiry, its status, the
 * assignment's standing, the message's clearance) into a view level and into the decision of each
 * action (`onInquiry`, `onAssignment`, `onMessage`), which they enforce and which the views carry
 * as `viewerCan`. Nothing outside src/access/ compares a role or a state to decide a permission
 * (test/architecture/permission-checks.spec.ts).
 */
@Injectable()
export class AccessPolicy {
  level(viewer: Viewer, facts: Omit<AccessFacts, 'status'>): ViewLevel {
    switch (viewer.role) {
      case 'secretariat':
        return 'full';
      case 'requester':
        return facts.requesterId === viewer.userId || facts.participant ? 'full' : 'none';
      case 'expert':
        return facts.expert >= ExpertStanding.Completed ? 'full' : facts.expert === ExpertStanding.Proposed ? 'summary' : 'none';
      case 'observer':
        return 'none';
    }
  }

  /** Whether the viewer sees every inquiry (so that counts of all inquiries are its counts). */
  seesEverything(viewer: Viewer): boolean {
    return viewer.role === 'secretariat';
  }

  /**
   * The inquiries (`alias`) the viewer may see at all, as disjoint sets whose union is the whole.
   * A requester's own inquiries and those shared with it are two sets, each read through its own
   * index, so that a list costs a page whatever the size of the archive or of its own part. The
   * shared ones are reached by joining from the viewer's participations (one row per inquiry, by
   * the key): as `id IN (subquery)` SQLite built a temporary index on every count, the most costly
   * statement of a requester's list.
   */
  visibleSets(viewer: Viewer, alias: string): VisibleSet[] {
    const inquiries = `inquiry ${alias}`;
    switch (viewer.role) {
      case 'secretariat':
        return [{ from: inquiries, sql: '1 = 1', params: [] }];
      case 'requester':
        return [
          { from: inquiries, sql: `${alias}."requesterId" = ?`, params: [viewer.userId] },
          {
            from: `inquiry_participant vp JOIN ${inquiries} ON ${alias}.id = vp."inquiryId"`,
            sql: `vp."userId" = ? AND ${alias}."requesterId" <> ?`,
            params: [viewer.userId, viewer.userId],
          },
        ];
      case 'expert':
        return [
          {
            from: inquiries,
            sql: `${alias}.id IN (SELECT a."inquiryId" FROM assignment a WHERE a."expertId" = ? AND a.status IN ('proposed', 'accepted', 'completed'))`,
            params: [viewer.userId],
          },
        ];
      case 'observer':
        return [{ from: inquiries, sql: '1 = 0', params: [] }];
    }
  }

  /**
   * Narrows a search by words of the subject to the inquiries whose subject the viewer may read.
   * A proposed expert sees a summary without the subject: were its words to find the inquiry, the
   * expert could test them one by one.
   */
  subjectSearchSet(viewer: Viewer, alias: string): SqlCondition | null {
    if (viewer.role !== 'expert') return null;
    return {
      sql: `${alias}.id IN (SELECT sa."inquiryId" FROM assignment sa WHERE sa."expertId" = ? AND sa.status IN ('accepted', 'completed'))`,
      params: [viewer.userId],
    };
  }

  /** The facts of `level` about the viewer and one inquiry (`alias`), as two columns read back by `factsFrom`. */
  factsColumns(viewer: Viewer, alias: string): SqlCondition {
    return {
      sql:
        `(SELECT COUNT(*) FROM inquiry_participant fp WHERE fp."inquiryId" = ${alias}.id AND fp."userId" = ?) AS facts_participant, ` +
        `(SELECT ${STANDING_SQL} FROM assignment a WHERE a."inquiryId" = ${alias}.id AND a."expertId" = ?) AS facts_expert`,
      params: [viewer.userId, viewer.userId],
    };
  }

  factsFrom(raw: Record<string, unknown>, inquiry: { requesterId: string; status: InquiryStatus }): AccessFacts {
    return {
      requesterId: inquiry.requesterId,
      status: inquiry.status,
      participant: Number(raw.facts_participant ?? 0) > 0,
      expert: Number(raw.facts_expert ?? 0) as ExpertStanding,
    };
  }

  /** The view level of each listed inquiry, for a viewer whose level varies by row (an expert). */
  async levels(viewer: Viewer, ids: string[], em: EntityManager): Promise<Map<string, ViewLevel>> {
    if (viewer.role !== 'expert') return new Map(ids.map((id) => [id, 'full' as const]));
    const rows: Array<{ inquiryId: string; standing: number | string }> = ids.length
      ? await em
          .createQueryBuilder()
          .select('a."inquiryId"', 'inquiryId')
          .addSelect(STANDING_SQL, 'standing')
          .from('assignment', 'a')
          .where('a."expertId" = :expertId AND a."inquiryId" IN (:...ids)', { expertId: viewer.userId, ids })
          .groupBy('a."inquiryId"')
          .getRawMany()
      : [];
    const standing = new Map(rows.map((r) => [r.inquiryId, Number(r.standing) as ExpertStanding]));
    return new Map(ids.map((id) => [id, this.level(viewer, { requesterId: '', participant: false, expert: standing.get(id) ?? ExpertStanding.None })]));
  }

  /** Every action on one inquiry, in its present state (the status is in the facts). */
  onInquiry(viewer: Viewer, facts: AccessFacts): InquiryPermissions {
    return new InquiryPermissions(viewer, facts);
  }

  /** Every action on one assignment, in its state and its inquiry's. */
  onAssignment(viewer: Viewer, assignment: AssignmentFacts): AssignmentPermissions {
    return new AssignmentPermissions(viewer, assignment);
  }

  /** Every action on one message of an inquiry the viewer sees. */
  onMessage(viewer: Viewer, facts: AccessFacts, message: MessageFacts): MessagePermissions {
    return new MessagePermissions(viewer, this.onInquiry(viewer, facts), message);
  }

  /** The knowledge base: what the viewer reads there and may do with an entry. */
  onKnowledge(viewer: Viewer): KnowledgePermissions {
    return new KnowledgePermissions(viewer);
  }

  /** The requester's consent, at closure, to the anonymised reuse of one inquiry it sees. */
  onConsent(viewer: Viewer, facts: AccessFacts): ConsentPermissions {
    return new ConsentPermissions(viewer, facts);
  }

  /** Links between this inquiry (as the viewer stands on it) and others. */
  onLinks(viewer: Viewer, facts: AccessFacts): LinkPermissions {
    return new LinkPermissions(viewer, facts);
  }

  /** A duplicate and its primary: replies shared, and the requesters' consent to join their threads. */
  onDuplicate(viewer: Viewer, facts: AccessFacts, purged: boolean): DuplicatePermissions {
    return new DuplicatePermissions(viewer, facts, purged);
  }

  /**
   * Which parts of an inquiry page's related-queries section the viewer sees, from the same
   * decisions the services enforce (so the page asks rather than catching their refusals).
   */
  relatedSectionCan(viewer: Viewer, facts: AccessFacts): RelatedSectionCan {
    const links = this.onLinks(viewer, facts);
    return {
      readLinks: links.read() === null,
      suggest: links.suggest() === null,
      readSharedReplies: this.onInquiry(viewer, facts).threadAudience() !== null,
      seeJoins: this.onDuplicate(viewer, facts, false).seesJoin() === null,
    };
  }

  /** The roles a route admits (`@Roles`): any other signed-in viewer gets 403 before the route runs. */
  /**
   * Whether the route's roles admit the viewer. An observer (a partner State's or a donor's
   * representative) is admitted only where it is named, and to its own account (`ownAccount`:
   * signing out, the second factor): everywhere else it gets what a role that may never do this gets.
   */
  routeAdmits(viewer: Viewer, roles: readonly Role[] | undefined, ownAccount = false): boolean {
    if (viewer.role === 'observer') return roles ? roles.includes('observer') : ownAccount;
    return !roles || roles.includes(viewer.role);
  }

  /** Reports as files: the head of the secretariat's alone (a flag on a secretariat account). */
  exportReports(viewer: Viewer, headOfSecretariat: boolean): Decision {
    return viewer.role === 'secretariat' && headOfSecretariat ? null : forbidden('role.head-of-secretariat-only', 'only the head of the secretariat exports reports');
  }

  /** The anonymous reports: the secretariat's, and the observers' (the same suppressed figures). */
  readReports(viewer: Viewer): Decision {
    return viewer.role === 'secretariat' || viewer.role === 'observer' ? null : forbidden('role.reports-forbidden', 'only the secretariat and observers read reports');
  }

  /** Whose assignments the viewer reaches: its own (an expert), all (the secretariat), none. */
  assignmentScope(viewer: Viewer): { expertId: string } | 'all' | 'none' {
    return viewer.role === 'secretariat' ? 'all' : viewer.role === 'expert' ? { expertId: viewer.userId } : 'none';
  }

  /** Whether the viewer can hold assignments of its own at all (only experts are assigned). */
  holdsAssignments(viewer: Viewer): boolean {
    return viewer.role === 'expert';
  }

  /** Filters of the inquiry list that name other people's work: the secretariat's alone. */
  listFilter(viewer: Viewer, filter: { assignedTo?: string; awaitingClearance: boolean }): Decision {
    if (filter.assignedTo !== undefined && viewer.role !== 'secretariat' && filter.assignedTo !== viewer.userId) {
      return badRequest('filter.assigned-to-me-only', 'assignedTo may only be "me" unless you are the secretariat');
    }
    if (filter.awaitingClearance && viewer.role !== 'secretariat')
      return badRequest('filter.secretariat-only', 'awaitingClearance is for the secretariat', { field: 'awaitingClearance' });
    return null;
  }

  /** Whom the viewer may file an inquiry for: a requester for itself (`own`), the secretariat for a named requester. */
  fileFor(viewer: Viewer, onBehalfOf: string | undefined): { requesterId: string; own?: true } | { refused: string } {
    if (viewer.role === 'requester')
      return onBehalfOf === undefined || onBehalfOf === viewer.userId ? { requesterId: viewer.userId, own: true } : { refused: 'onBehalfOf is for the secretariat only' };
    if (viewer.role === 'secretariat') return onBehalfOf === undefined ? { refused: 'onBehalfOf is required for the secretariat' } : { requesterId: onBehalfOf };
    return { refused: 'experts do not file inquiries' };
  }

  /** The queue's counts of replies waiting for clearance: the secretariat's. */
  clearanceQueue(viewer: Viewer): Decision {
    return viewer.role === 'secretariat' ? null : forbidden('role.secretariat-only', 'only the secretariat clears replies');
  }

  /** An expert's profile: the expert itself and the secretariat. */
  expertProfile(viewer: Viewer, expertId: string): Decision {
    return viewer.role === 'secretariat' || viewer.userId === expertId ? null : forbidden('profile.own-only', 'you may only see and edit your own profile');
  }

  /** Retired topics are listed for the secretariat only (others choose among the current ones). */
  seesRetiredTopics(viewer: Viewer): boolean {
    return viewer.role === 'secretariat';
  }

  /** The names of other users (authors in a thread, actors in the audit): the secretariat's. */
  seesNames(viewer: Viewer): boolean {
    return viewer.role === 'secretariat';
  }

  /** The audit trail's latest checkpoint, in the daily digest: the secretariat's, as the audit trail is. */
  seesAuditCheckpoint(viewer: Viewer): boolean {
    return viewer.role === 'secretariat';
  }

  /** Resetting another person's second factor (account recovery): the secretariat, never on its own account. */
  resetSecondFactor(viewer: Viewer, userId: string): Decision {
    if (viewer.role !== 'secretariat') return forbidden('role.secretariat-only', 'only the secretariat resets a second factor');
    return viewer.userId === userId ? conflict('user.reset-own-second-factor', 'you cannot reset your own second factor: ask another member of the secretariat') : null;
  }
}
