import { Injectable } from '@nestjs/common';
import { Brackets, type SelectQueryBuilder } from 'typeorm';
import type { Viewer } from '../common/viewer.js';
import type { Role } from '../identity/role.js';

/** How much of an inquiry a viewer may see. `none` answers exactly like a missing id (404). */
export type ViewLevel = 'none' | 'summary' | 'full';

/** What the policy needs to know about one viewer and one inquiry; loaded with the inquiry, in the same query. */
export interface AccessFacts {
  requesterId: string;
  participant: boolean;
}

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
        return 'none';
    }
  }

  /** Restricts a query over inquiries (`alias`) to those the viewer may see at all, counts included. */
  restrict<T extends object>(qb: SelectQueryBuilder<T>, viewer: Viewer, alias: string): SelectQueryBuilder<T> {
    switch (viewer.role) {
      case 'secretariat':
        return qb;
      case 'requester':
        return qb.andWhere(
          new Brackets((w) =>
            w
              .where(`${alias}.requesterId = :accessViewerId`)
              .orWhere(`${alias}.id IN (SELECT p."inquiryId" FROM inquiry_participant p WHERE p."userId" = :accessViewerId)`),
          ),
          { accessViewerId: viewer.userId },
        );
      case 'expert':
        return qb.andWhere('1 = 0');
    }
  }

  /** Adds the facts of `level` to a query over one inquiry, as raw columns read back by `factsFrom`. */
  selectFacts<T extends object>(qb: SelectQueryBuilder<T>, viewer: Viewer, alias: string): SelectQueryBuilder<T> {
    return qb
      .addSelect(
        `(SELECT COUNT(*) FROM inquiry_participant fp WHERE fp."inquiryId" = ${alias}.id AND fp."userId" = :factsViewerId)`,
        'facts_participant',
      )
      .setParameter('factsViewerId', viewer.userId);
  }

  factsFrom(raw: Record<string, unknown>, requesterId: string): AccessFacts {
    return { requesterId, participant: Number(raw.facts_participant ?? 0) > 0 };
  }

  /** As whom the viewer acts in the workflow table, or null when it may read but not move the inquiry. */
  workflowActor(viewer: Viewer, facts: AccessFacts): Role | null {
    switch (viewer.role) {
      case 'secretariat':
        return 'secretariat';
      case 'requester':
        return facts.requesterId === viewer.userId ? 'requester' : null;
      case 'expert':
        return null;
    }
  }

  /** The filing requester and the secretariat may share an inquiry with colleagues. */
  mayShare(viewer: Viewer, facts: AccessFacts): boolean {
    return viewer.role === 'secretariat' || facts.requesterId === viewer.userId;
  }
}
