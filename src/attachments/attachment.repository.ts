import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { placeholders, RawSql } from '../database/raw-sql.js';
import { Attachment, AttachmentChunk } from './attachment.entity.js';

// Read with every thread and every opened inquiry: hand-written, like the other hot reads.
const COLUMNS = 'id, "inquiryId", "messageId", "uploaderId", "filenameSealed", "contentType", size, chunks, "createdAt"';

/** Attachment metadata and sealed chunks. Callers decide access first: nothing here knows a viewer. */
@Injectable()
export class AttachmentRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  private manager(em?: EntityManager) {
    return em ?? this.dataSource.manager;
  }

  ofMessages(messageIds: string[], em?: EntityManager): Promise<Attachment[]> {
    if (messageIds.length === 0) return Promise.resolve([]);
    return this.sql.all<Attachment>(`SELECT ${COLUMNS} FROM attachment WHERE "messageId" IN (${placeholders(messageIds.length)}) ORDER BY "createdAt", id`, messageIds, em);
  }

  /** The files that belong to the inquiry itself rather than to a message. */
  ofInquiry(inquiryId: string, em?: EntityManager): Promise<Attachment[]> {
    return this.sql.all<Attachment>(`SELECT ${COLUMNS} FROM attachment WHERE "inquiryId" = ? AND "messageId" IS NULL ORDER BY "createdAt", id`, [inquiryId], em);
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
