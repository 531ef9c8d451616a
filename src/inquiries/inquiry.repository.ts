import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, type SelectQueryBuilder } from 'typeorm';
import { AccessPolicy, type AccessFacts, type ViewLevel } from '../access/access-policy.js';
import type { Page } from '../common/page.js';
import { paginate, type PageQuery } from '../common/pagination.js';
import type { Viewer } from '../common/viewer.js';
import { InquiryParticipant, InquirySearchToken, InquiryTopic } from './inquiry-links.entity.js';
import { Inquiry } from './inquiry.entity.js';
import { SLA_RUNNING } from './sla.js';
import type { InquiryStatus } from './workflow.js';

export interface VisibleInquiry {
  inquiry: Inquiry;
  facts: AccessFacts;
  level: Exclude<ViewLevel, 'none'>;
}

export interface InquiryFilter {
  assignedTo?: string;
  awaitingClearance?: boolean;
  statuses?: InquiryStatus[];
  topic?: string;
  country?: string;
  urgency?: string;
  overdueAt?: string;
  searchTokens?: string[];
  reference?: string;
}

/**
 * The only place that reads inquiries. Every read takes the viewer and goes through the access
 * policy; there is no unchecked finder (jobs that need everything use `findForSystem`).
 */
@Injectable()
export class InquiryRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: AccessPolicy,
  ) {}

  private repo(em?: EntityManager) {
    return (em ?? this.dataSource.manager).getRepository(Inquiry);
  }

  /** The inquiry with the viewer's view level, or null when it is missing or hidden from the viewer. */
  async findVisible(viewer: Viewer, id: string, em?: EntityManager): Promise<VisibleInquiry | null> {
    const qb = this.policy.selectFacts(this.repo(em).createQueryBuilder('i'), viewer, 'i').where('i.id = :id', { id });
    const { entities, raw } = await qb.getRawAndEntities();
    const inquiry = entities[0];
    if (!inquiry) return null;
    const facts = this.policy.factsFrom(raw[0] as Record<string, unknown>, inquiry.requesterId);
    const level = this.policy.level(viewer, facts);
    return level === 'none' ? null : { inquiry, facts, level };
  }

  /** For the service's own jobs (dispatcher, sweeps), which act for no viewer. */
  findForSystem(id: string, em?: EntityManager): Promise<Inquiry | null> {
    return this.repo(em).findOneBy({ id });
  }

  /** For the SLA sweep: inquiries whose answer is overdue, or still untriaged since before `createdBefore`. */
  slaCandidatesForSystem(now: string, createdBefore: string, limit: number): Promise<Inquiry[]> {
    return this.repo()
      .createQueryBuilder('i')
      .where('(i.slaDueAt < :now AND i.status IN (:...running))', { now, running: SLA_RUNNING })
      .orWhere("(i.status = 'submitted' AND i.createdAt < :createdBefore)", { createdBefore })
      .orderBy('i.createdAt', 'ASC')
      .take(limit)
      .getMany();
  }

  /** A page of list items: every column but the body, which a list never shows. */
  list(viewer: Viewer, filter: InquiryFilter, page: PageQuery): Promise<Page<Inquiry>> {
    const qb = this.policy.restrict(this.repo().createQueryBuilder('i').select(LIST_COLUMNS), viewer, 'i');
    applyFilter(qb, filter);
    if (filter.searchTokens?.length) this.policy.restrictSubjectSearch(qb, viewer, 'i');
    return paginate(qb, page);
  }

  /** The viewer's view level of each of the listed inquiries. */
  levels(viewer: Viewer, ids: string[]): Promise<Map<string, ViewLevel>> {
    return this.policy.levels(viewer, ids, this.dataSource.manager);
  }

  /** Serialises commands on one inquiry (PostgreSQL row lock; SQLite runs one transaction at a time anyway). */
  async lock(id: string, em: EntityManager): Promise<void> {
    if (this.dataSource.options.type === 'postgres') await em.query('SELECT id FROM inquiry WHERE id = $1 FOR UPDATE', [id]);
  }

  /** Topic slugs of several inquiries in one query, primary first. */
  async topicsOf(ids: string[], em?: EntityManager): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return result;
    const rows = await (em ?? this.dataSource.manager)
      .getRepository(InquiryTopic)
      .find({ where: { inquiryId: In(ids) }, order: { position: 'ASC' } });
    for (const row of rows) result.get(row.inquiryId)?.push(row.topicSlug);
    return result;
  }

  async participantsOf(id: string, em?: EntityManager): Promise<string[]> {
    const rows = await (em ?? this.dataSource.manager).getRepository(InquiryParticipant).find({ where: { inquiryId: id }, order: { addedAt: 'ASC' } });
    return rows.map((r) => r.userId);
  }

  async insert(inquiry: Inquiry, topics: string[], searchTokens: string[], em: EntityManager): Promise<void> {
    await this.repo(em).insert(inquiry);
    await this.replaceTopics(inquiry.id, topics, em);
    if (searchTokens.length > 0) {
      await em.getRepository(InquirySearchToken).insert(searchTokens.map((token) => ({ inquiryId: inquiry.id, token })));
    }
  }

  async replaceTopics(inquiryId: string, topics: string[], em: EntityManager): Promise<void> {
    await em.getRepository(InquiryTopic).delete({ inquiryId });
    await em.getRepository(InquiryTopic).insert(topics.map((topicSlug, position) => ({ inquiryId, topicSlug, position })));
  }

  /** The next reference of the year, atomically (one statement, row-locked on PostgreSQL). */
  async nextReferenceNumber(year: number, em: EntityManager): Promise<number> {
    const rows = (await em.query(
      this.dataSource.options.type === 'postgres'
        ? 'INSERT INTO reference_counter (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING last'
        : 'INSERT INTO reference_counter (year, last) VALUES (?, 1) ON CONFLICT (year) DO UPDATE SET last = reference_counter.last + 1 RETURNING last',
      [year],
    )) as Array<{ last: number | string }>;
    return Number(rows[0].last);
  }

  /** Applies a triage change only if nobody changed the inquiry since `version` was read. */
  async updateIfVersion(id: string, version: number, patch: Partial<Inquiry>, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em)
      .createQueryBuilder()
      .update()
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Moves the status only if it still is `from`, so that two racing moves cannot both happen. */
  async moveStatus(id: string, from: InquiryStatus, to: InquiryStatus, patch: Partial<Inquiry>, em: EntityManager): Promise<boolean> {
    const result = await this.repo(em)
      .createQueryBuilder()
      .update()
      .set({ ...patch, status: to, version: () => 'version + 1' })
      .where('id = :id AND status = :from', { id, from })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  async addParticipant(p: InquiryParticipant, em: EntityManager): Promise<void> {
    await em.getRepository(InquiryParticipant).insert(p);
  }

  async isParticipant(inquiryId: string, userId: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(InquiryParticipant).existsBy({ inquiryId, userId });
  }
}

const LIST_COLUMNS = [
  'id', 'reference', 'requesterId', 'organizationId', 'country', 'language', 'urgency', 'status', 'priority', 'tags',
  'dueAt', 'desiredBy', 'publicationConsent', 'outcome', 'version', 'wrappedKey', 'subjectSealed', 'createdAt', 'updatedAt', 'slaDueAt',
].map((c) => `i.${c}`);

function applyFilter(qb: SelectQueryBuilder<Inquiry>, f: InquiryFilter): void {
  if (f.awaitingClearance) qb.andWhere(`i.id IN (SELECT pm."inquiryId" FROM message pm WHERE pm.clearance = 'pending')`);
  if (f.assignedTo) {
    qb.andWhere(`i.id IN (SELECT fa."inquiryId" FROM assignment fa WHERE fa."expertId" = :assignedTo AND fa.status IN ('proposed', 'accepted', 'completed'))`, {
      assignedTo: f.assignedTo,
    });
  }
  if (f.statuses?.length) qb.andWhere('i.status IN (:...statuses)', { statuses: f.statuses });
  if (f.country) qb.andWhere('i.country = :country', { country: f.country });
  if (f.urgency) qb.andWhere('i.urgency = :urgency', { urgency: f.urgency });
  if (f.topic) qb.andWhere('i.id IN (SELECT ft."inquiryId" FROM inquiry_topic ft WHERE ft."topicSlug" = :topic)', { topic: f.topic });
  if (f.overdueAt) {
    qb.andWhere('i.slaDueAt < :overdueAt AND i.status IN (:...overdueStatuses)', { overdueAt: f.overdueAt, overdueStatuses: SLA_RUNNING });
  }
  if (f.reference) qb.andWhere('i.reference = :reference', { reference: f.reference });
  if (f.searchTokens?.length) {
    // Every word must match: the inquiry holds all the tokens.
    qb.andWhere(
      `i.id IN (SELECT st."inquiryId" FROM inquiry_search_token st WHERE st.token IN (:...tokens) GROUP BY st."inquiryId" HAVING COUNT(*) = :tokenCount)`,
      { tokens: f.searchTokens, tokenCount: f.searchTokens.length },
    );
  }
}
