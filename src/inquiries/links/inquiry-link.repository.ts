import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { RawSql } from '../../database/raw-sql.js';
import { InquiryLink } from './inquiry-link.entity.js';

const CANDIDATES = 200;

export interface SuggestionRow {
  id: string;
  reference: string;
  createdAt: string;
  topics: number | string;
  words: number | string;
}

/** The queries of links and of their suggestions. */
@Injectable()
export class InquiryLinkRepository {
  constructor(
    @InjectRepository(InquiryLink) private readonly links: Repository<InquiryLink>,
    private readonly sql: RawSql,
  ) {}

  /** Every link of an inquiry, either way (bounded: links are made by hand). */
  of(inquiryId: string, em?: EntityManager): Promise<InquiryLink[]> {
    return (em ?? this.links.manager).find(InquiryLink, { where: [{ inquiryId }, { linkedInquiryId: inquiryId }], order: { createdAt: 'ASC' }, take: 500 });
  }

  /** One link by its id, when it has this inquiry on either side. */
  async one(inquiryId: string, linkId: string, em?: EntityManager): Promise<InquiryLink | null> {
    const link = await (em ?? this.links.manager).findOneBy(InquiryLink, { id: linkId });
    return link && (link.inquiryId === inquiryId || link.linkedInquiryId === inquiryId) ? link : null;
  }

  async remove(linkId: string, em: EntityManager): Promise<boolean> {
    const result = await em.delete(InquiryLink, { id: linkId });
    return (result.affected ?? 0) === 1;
  }

  async insert(link: InquiryLink, em: EntityManager): Promise<void> {
    await em.insert(InquiryLink, link);
  }

  /**
   * Inquiries of the same State filed since `since` (the newest, at most a few hundred, through the
   * country index), with how many topics and subject search tokens they share with this one.
   */
  suggestions(inquiryId: string, country: string, since: string): Promise<SuggestionRow[]> {
    return this.sql.all<SuggestionRow>(
      `SELECT c.id, c.reference, c."createdAt",
        (SELECT COUNT(*) FROM inquiry_topic ct JOIN inquiry_topic mt ON mt."topicSlug" = ct."topicSlug" AND mt."inquiryId" = ? WHERE ct."inquiryId" = c.id) AS topics,
        (SELECT COUNT(*) FROM inquiry_search_token cs JOIN inquiry_search_token ms ON ms.token = cs.token AND ms."inquiryId" = ? WHERE cs."inquiryId" = c.id) AS words
       FROM (SELECT i.id, i.reference, i."createdAt" FROM inquiry i WHERE i.country = ? AND i."createdAt" >= ? AND i.id <> ? ORDER BY i."createdAt" DESC LIMIT ${CANDIDATES}) c`,
      [inquiryId, inquiryId, country, since, inquiryId],
    );
  }
}
