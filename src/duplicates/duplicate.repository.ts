import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { JoinConsent } from '../access/duplicate-permissions.js';
import { InquiryJoin, SharedReply } from './duplicate.entities.js';

/** Shared replies and questions to join. Callers decide access first: every method is scoped to an inquiry or a link. */
@Injectable()
export class DuplicateRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  /** The replies shared with one duplicate, oldest first (bounded: shared by hand, one at a time). */
  sharedWith(inquiryId: string, em?: EntityManager): Promise<SharedReply[]> {
    return this.manager(em).find(SharedReply, { where: { inquiryId }, order: { sharedAt: 'ASC', id: 'ASC' }, take: 500 });
  }

  async isShared(inquiryId: string, messageId: string, em: EntityManager): Promise<boolean> {
    return (await em.countBy(SharedReply, { inquiryId, messageId })) > 0;
  }

  async insertShare(share: SharedReply, em: EntityManager): Promise<void> {
    await em.insert(SharedReply, share);
  }

  joinsOf(linkIds: string[], em?: EntityManager): Promise<InquiryJoin[]> {
    return linkIds.length ? this.manager(em).findBy(InquiryJoin, { linkId: In(linkIds) }) : Promise.resolve([]);
  }

  async insertJoin(join: InquiryJoin, em: EntityManager): Promise<void> {
    await em.insert(InquiryJoin, join);
  }

  /** Records one side's answer if it is still the one read (no race between two tabs); false otherwise. */
  async answer(linkId: string, side: 'duplicateConsent' | 'primaryConsent', from: JoinConsent | null, to: JoinConsent, at: string, em: EntityManager): Promise<boolean> {
    const result = await em.update(InquiryJoin, { linkId, [side]: from === null ? IsNull() : from }, { [side]: to, updatedAt: at });
    return (result.affected ?? 0) === 1;
  }

  async markJoined(linkId: string, at: string, em: EntityManager): Promise<void> {
    await em.update(InquiryJoin, { linkId }, { joinedAt: at });
  }
}
