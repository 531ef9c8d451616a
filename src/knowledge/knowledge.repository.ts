import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Not, type EntityManager, type Repository } from 'typeorm';
import type { Page } from '../common/page.js';
import { paginate } from '../common/pagination.js';
import type { NamedCondition } from './knowledge-search.js';
import type { ListEntriesQuery } from './dto/knowledge.dto.js';
import type { ConsentStatus, EntryStatus } from '../common/knowledge-status.js';
import { KnowledgeEntry, KnowledgeText, KnowledgeTopic, PublicationConsent } from './knowledge.entity.js';

export interface EntryFilter {
  status: EntryStatus | undefined;
  topic?: string;
  words?: NamedCondition;
}

/** The queries of the knowledge base. */
@Injectable()
export class KnowledgeRepository {
  constructor(@InjectRepository(KnowledgeEntry) private readonly entries: Repository<KnowledgeEntry>) {}

  consentOf(inquiryId: string, em?: EntityManager): Promise<PublicationConsent | null> {
    return (em ?? this.entries.manager).findOneBy(PublicationConsent, { inquiryId });
  }

  /** Puts the question, unless it was put before (a reopened inquiry closed again keeps its answer). */
  async askConsent(inquiryId: string, at: string, em: EntityManager): Promise<boolean> {
    if (await this.consentOf(inquiryId, em)) return false;
    await em.insert(PublicationConsent, { inquiryId, status: 'asked', askedAt: at, answeredAt: null });
    return true;
  }

  async answerConsent(inquiryId: string, from: ConsentStatus, to: ConsentStatus, at: string, em: EntityManager): Promise<boolean> {
    const result = await em.update(PublicationConsent, { inquiryId, status: from }, { status: to, answeredAt: at });
    return (result.affected ?? 0) === 1;
  }

  find(id: string, em?: EntityManager): Promise<KnowledgeEntry | null> {
    return (em ?? this.entries.manager).findOneBy(KnowledgeEntry, { id });
  }

  textsOf(ids: string[], em?: EntityManager): Promise<KnowledgeText[]> {
    return ids.length ? (em ?? this.entries.manager).find(KnowledgeText, { where: { entryId: In(ids) }, order: { entryId: 'ASC', language: 'ASC' } }) : Promise.resolve([]);
  }

  async insert(entry: KnowledgeEntry, texts: KnowledgeText[], em: EntityManager): Promise<void> {
    await em.insert(KnowledgeEntry, entry);
    await this.replaceParts(entry.id, entry.topics, texts, em);
  }

  async replaceParts(entryId: string, topics: string[] | undefined, texts: KnowledgeText[] | undefined, em: EntityManager): Promise<void> {
    if (topics) {
      await em.delete(KnowledgeTopic, { entryId });
      await em.insert(
        KnowledgeTopic,
        topics.map((topicSlug) => ({ entryId, topicSlug })),
      );
    }
    if (texts) {
      await em.delete(KnowledgeText, { entryId });
      await em.insert(KnowledgeText, texts);
    }
  }

  /** Changes the entry only if it is still at `version`: true when it did. */
  async updateIfVersion(id: string, version: number, patch: Partial<KnowledgeEntry>, em: EntityManager): Promise<boolean> {
    const result = await em.update(KnowledgeEntry, { id, version }, { ...patch, version: version + 1 });
    return (result.affected ?? 0) === 1;
  }

  async moveStatus(id: string, from: EntryStatus, patch: Partial<KnowledgeEntry>, em: EntityManager): Promise<boolean> {
    const result = await em.update(KnowledgeEntry, { id, status: from }, { ...patch, version: () => 'version + 1' });
    return (result.affected ?? 0) === 1;
  }

  /** The entries drawn from an inquiry that are not yet withdrawn, and which of them are published. */
  drawnFrom(inquiryId: string, em: EntityManager): Promise<KnowledgeEntry[]> {
    return em.find(KnowledgeEntry, { where: { sourceInquiryId: inquiryId, status: Not('withdrawn') }, select: { id: true, status: true } });
  }

  async withdrawAll(ids: string[], at: string, em: EntityManager): Promise<void> {
    if (ids.length) await em.update(KnowledgeEntry, { id: In(ids) }, { status: 'withdrawn', updatedAt: at, version: () => 'version + 1' });
  }

  list(filter: EntryFilter, query: ListEntriesQuery): Promise<Page<KnowledgeEntry>> {
    const qb = this.entries.createQueryBuilder('e');
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    if (filter.topic) qb.andWhere('e.id IN (SELECT kt."entryId" FROM knowledge_topic kt WHERE kt."topicSlug" = :topic)', { topic: filter.topic });
    if (filter.words) qb.andWhere(filter.words.sql, filter.words.params);
    return paginate(qb, query);
  }
}
