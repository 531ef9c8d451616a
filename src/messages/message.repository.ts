import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RawSql, type InsertRows } from '../database/raw-sql.js';
import { Message, type Clearance } from './message.entity.js';

/** Messages. Callers check access first: every method here is scoped to one inquiry or one id. */
@Injectable()
export class MessageRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  private manager(em?: EntityManager) {
    return em ?? this.dataSource.manager;
  }

  /** The whole thread of one inquiry, oldest first. */
  thread(inquiryId: string, em?: EntityManager): Promise<Message[]> {
    return this.sql.all<Message>('SELECT * FROM message WHERE "inquiryId" = ? ORDER BY "createdAt", id', [inquiryId], em);
  }

  find(id: string, em?: EntityManager): Promise<Message | null> {
    return this.manager(em).getRepository(Message).findOneBy({ id });
  }

  /** Replies waiting for clearance on each of several inquiries, in one query. */
  async pendingCounts(inquiryIds: string[]): Promise<Map<string, number>> {
    if (inquiryIds.length === 0) return new Map();
    const rows = await this.dataSource
      .getRepository(Message)
      .createQueryBuilder('m')
      .select('m.inquiryId', 'inquiryId')
      .addSelect('COUNT(*)', 'n')
      .where("m.clearance = 'pending' AND m.inquiryId IN (:...inquiryIds)", { inquiryIds })
      .groupBy('m.inquiryId')
      .getRawMany<{ inquiryId: string; n: number | string }>();
    return new Map(rows.map((r) => [r.inquiryId, Number(r.n)]));
  }

  /** The message's insert, written with the post's other writes (RawSql.writeAll). */
  insertRows(m: Message): InsertRows {
    return { table: 'message', rows: [{ ...m }] };
  }

  /** Settles a pending reply; false when it was no longer pending. */
  async settle(id: string, to: Clearance, patch: Partial<Message>, em: EntityManager): Promise<boolean> {
    const result = await em.getRepository(Message).update({ id, clearance: 'pending' }, { ...patch, clearance: to });
    return (result.affected ?? 0) === 1;
  }
}
