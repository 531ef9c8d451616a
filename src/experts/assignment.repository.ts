import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Page } from '../common/page.js';
import { paginate, type PageQuery } from '../common/pagination.js';
import { ON_THE_INQUIRY } from '../access/assignment-permissions.js';
import type { AssignmentStatus } from '../common/assignment-status.js';
import { Assignment } from './assignment.entity.js';

export interface AssignmentFilter {
  expertId?: string;
  inquiryId?: string;
  status?: AssignmentStatus;
}

@Injectable()
export class AssignmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Assignment);
  }

  /** One assignment, seen by its expert or by the secretariat (`expertId` undefined); null otherwise. */
  find(id: string, expertId: string | undefined, em?: EntityManager): Promise<Assignment | null> {
    return this.repo(em).findOneBy(expertId === undefined ? { id } : { id, expertId });
  }

  isStanding(inquiryId: string, expertId: string, em: EntityManager): Promise<boolean> {
    return this.repo(em).existsBy({ inquiryId, expertId, status: In([...ON_THE_INQUIRY]) });
  }

  /** The proposals still waiting for their expert's answer on one inquiry. */
  proposedOn(inquiryId: string, em: EntityManager): Promise<Assignment[]> {
    return this.repo(em).findBy({ inquiryId, status: 'proposed' });
  }

  async expertsWithStatus(inquiryId: string, status: AssignmentStatus): Promise<string[]> {
    return (await this.repo().findBy({ inquiryId, status })).map((a) => a.expertId);
  }

  async insert(a: Assignment, em: EntityManager): Promise<void> {
    await this.repo(em).insert(a);
  }

  /** Moves the status only from `from`, so that accepting twice, or racing, changes nothing. */
  async move(id: string, from: AssignmentStatus[], patch: Partial<Assignment>, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em).update({ id, status: In(from) }, patch);
    return (result.affected ?? 0) === 1;
  }

  list(filter: AssignmentFilter, page: PageQuery): Promise<Page<Assignment>> {
    const qb = this.repo().createQueryBuilder('a');
    if (filter.expertId) qb.andWhere('a.expertId = :expertId', { expertId: filter.expertId });
    if (filter.inquiryId) qb.andWhere('a.inquiryId = :inquiryId', { inquiryId: filter.inquiryId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    return paginate(qb, page);
  }
}
