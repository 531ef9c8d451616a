import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../common/viewer.js';
import type { SqlCondition } from '../database/raw-sql.js';
import type { Role } from '../identity/role.js';
import type { ThreadAudience } from './message-visibility.js';

/** How much of an inquiry a viewer may see. `none` answers exactly like a missing id (404). */
export type ViewLevel = 'none' | 'summary' | 'full';

/** An expert's standing on an inquiry, from its best assignment there. */
export enum ExpertStanding {
  None = 0,
  Proposed = 1,
  Completed = 2,
  Accepted = 3,
}

/** A set of inquiries (`alias`) read from `from`, under the condition: one of the parts of what a viewer sees. */
export interface VisibleSet extends SqlCondition {
  from: string;
}

/** What the policy needs to know about one viewer and one inquiry; loaded with the inquiry, in the same query. */
export interface AccessFacts {
  requesterId: string;
  participant: boolean;
  expert: ExpertStanding;
}

// Declined and withdrawn assignments count for nothing: access ends with them.
const STANDING_SQL = `MAX(CASE a.status WHEN 'accepted' THEN 3 WHEN 'completed' THEN 2 WHEN 'proposed' THEN 1 ELSE 0 END)`;

/**
 * The access policy: the single place that decides who sees which inquiry, and how much of it
 * (DESIGN.md rule 1). Repositories call it to put the decision into SQL, services to turn the
 * loaded facts into a view level and into the actor of a workflow step.
 */
@Injectable()
export class AccessPolicy {
  level(viewer: Viewer, facts: AccessFacts): ViewLevel {
    switch (viewer.role) {
      case 'secretariat':
        return 'full';
      case 'requester':
        return facts.requesterId === viewer.userId || facts.participant ? 'full' : 'none';
      case 'expert':
        return facts.expert >= ExpertStanding.Completed ? 'full' : facts.expert === ExpertStanding.Proposed ? 'summary' : 'none';
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

  factsFrom(raw: Record<string, unknown>, requesterId: string): AccessFacts {
    return { requesterId, participant: Number(raw.facts_participant ?? 0) > 0, expert: Number(raw.facts_expert ?? 0) as ExpertStanding };
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

  /** As whom the viewer acts in the workflow table, or null when it may read but not move the inquiry. */
  workflowActor(viewer: Viewer, facts: AccessFacts): Role | null {
    switch (viewer.role) {
      case 'secretariat':
        return 'secretariat';
      case 'requester':
        return facts.requesterId === viewer.userId ? 'requester' : null;
      case 'expert':
        return facts.expert === ExpertStanding.Accepted ? 'expert' : null;
    }
  }

  /** How much of the thread the viewer may read, or null when none of it (an expert still only proposed). */
  threadAudience(viewer: Viewer, facts: AccessFacts): ThreadAudience | null {
    switch (viewer.role) {
      case 'secretariat':
        return 'whole';
      case 'requester':
        return this.level(viewer, facts) === 'full' ? 'requester-side' : null;
      case 'expert':
        return facts.expert >= ExpertStanding.Completed ? 'whole' : null;
    }
  }

  /** As whom the viewer may post to the thread, or null: requester side, accepted experts, secretariat. */
  poster(viewer: Viewer, facts: AccessFacts): Role | null {
    switch (viewer.role) {
      case 'secretariat':
        return 'secretariat';
      case 'requester':
        return this.level(viewer, facts) === 'full' ? 'requester' : null;
      case 'expert':
        return facts.expert === ExpertStanding.Accepted ? 'expert' : null;
    }
  }

  /** Files of the query itself come from its requester (at intake) or from the secretariat. */
  mayAttachToInquiry(viewer: Viewer, facts: AccessFacts): boolean {
    return viewer.role === 'secretariat' || facts.requesterId === viewer.userId;
  }

  /** The filing requester and the secretariat may share an inquiry with colleagues. */
  mayShare(viewer: Viewer, facts: AccessFacts): boolean {
    return viewer.role === 'secretariat' || facts.requesterId === viewer.userId;
  }
}
