import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { RawSql } from '../database/raw-sql.js';
import { AuditEntry } from './audit-entry.entity.js';

// Any fixed number: every instance takes the same PostgreSQL advisory lock to append.
const AUDIT_CHAIN_LOCK = 4_242_001;

export interface AuditFilter {
  inquiryId?: string;
  actorId?: string;
  action?: string;
}

/** Append-only: there is no update and no delete here, by design. */
@Injectable()
export class AuditRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  /**
   * The last link of the chain, read under the chain lock so that two appends never share a
   * predecessor. Every command and every audited read appends: hand-written SQL, like the insert.
   */
  async lockAndReadLast(em: EntityManager): Promise<Pick<AuditEntry, 'seq' | 'hash'> | null> {
    if (this.sql.postgres) await em.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const last = await this.sql.one<{ seq: number | string; hash: string }>('SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1', [], em);
    return last ? { seq: Number(last.seq), hash: last.hash } : null;
  }

  async insert(entry: AuditEntry, em: EntityManager): Promise<void> {
    await this.sql.insert('audit_entry', [{ ...entry }], em);
  }

  /** Newest first, keyed on seq. */
  async page(filter: AuditFilter, limit: number, beforeSeq?: number): Promise<{ items: AuditEntry[]; total: number }> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    qb.where(
      new Brackets((w) => {
        w.where('1 = 1');
        if (filter.inquiryId) w.andWhere('a.inquiryId = :inquiryId', { inquiryId: filter.inquiryId });
        if (filter.actorId) w.andWhere('a.actorId = :actorId', { actorId: filter.actorId });
        if (filter.action) w.andWhere('a.action = :action', { action: filter.action });
      }),
    );
    const total = await qb.clone().getCount();
    if (beforeSeq !== undefined) qb.andWhere('a.seq < :beforeSeq', { beforeSeq });
    const items = await qb.orderBy('a.seq', 'DESC').take(limit).getMany();
    return { items, total };
  }

  /** Oldest first, a batch at a time, for verification. */
  batchAfter(seq: number, size: number): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.seq > :seq', { seq })
      .orderBy('a.seq', 'ASC')
      .take(size)
      .getMany();
  }
}
