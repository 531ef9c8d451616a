import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Attachment, AttachmentChunk } from './attachment.entity.js';

/** Attachment metadata and sealed chunks. Callers decide access first: nothing here knows a viewer. */
@Injectable()
export class AttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager) {
    return em ?? this.dataSource.manager;
  }

  ofMessages(messageIds: string[], em?: EntityManager): Promise<Attachment[]> {
    if (messageIds.length === 0) return Promise.resolve([]);
    return this.manager(em).getRepository(Attachment).find({ where: { messageId: In(messageIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The files that belong to the inquiry itself rather than to a message. */
  ofInquiry(inquiryId: string, em?: EntityManager): Promise<Attachment[]> {
    return this.manager(em).getRepository(Attachment).find({ where: { inquiryId, messageId: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  find(id: string, em?: EntityManager): Promise<Attachment | null> {
    return this.manager(em).getRepository(Attachment).findOneBy({ id });
  }

  async insert(a: Attachment, sealedChunks: AsyncIterable<string>, em: EntityManager): Promise<void> {
    await em.getRepository(Attachment).insert(a);
    let seq = 0;
    for await (const dataSealed of sealedChunks) await em.getRepository(AttachmentChunk).insert({ attachmentId: a.id, seq: seq++, dataSealed });
  }

  async chunk(attachmentId: string, seq: number): Promise<string> {
    return (await this.dataSource.getRepository(AttachmentChunk).findOneByOrFail({ attachmentId, seq })).dataSealed;
  }
}
