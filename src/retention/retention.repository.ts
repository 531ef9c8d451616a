import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { count, RawSql } from '../database/raw-sql.js';
import type { Outcome } from '../common/workflow.js';
import { LegalHold, RetentionPolicyRow } from './retention.entities.js';

/** An ended inquiry as retention sees it: no text, only what decides when it goes. */
export interface RetentionCandidate {
  id: string;
  reference: string;
  status: 'closed' | 'withdrawn';
  outcome: Outcome;
  endedAt: string;
  createdAt: string;
  wrappedKey: string;
  held: boolean;
}

const ENDED = `i.status IN ('closed', 'withdrawn') AND i."purgedAt" IS NULL`;

/**
 * Retention's queries. An ended inquiry's `updatedAt` is the moment it ended: nothing changes a
 * closed or withdrawn inquiry but a move (a reopening makes it open again), and a purge keeps it.
 */
@Injectable()
export class RetentionRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: RawSql,
  ) {}

  policyRows(): Promise<RetentionPolicyRow[]> {
    return this.dataSource.getRepository(RetentionPolicyRow).find({ order: { outcome: 'ASC' } });
  }

  async savePolicy(row: RetentionPolicyRow, em: EntityManager): Promise<void> {
    await em.getRepository(RetentionPolicyRow).upsert(row, ['outcome']);
  }

  /**
   * Ended inquiries whose retention ended before `cutoffs` (per outcome: ended before the date),
   * oldest first, a page at a time after (`afterEndedAt`, `afterId`). Held ones are included, flagged.
   */
  async due(cutoffs: Map<Outcome, string>, limit: number, after?: { endedAt: string; id: string }, em?: EntityManager): Promise<RetentionCandidate[]> {
    const byOutcome = [...cutoffs].map(() => `(COALESCE(i.outcome, 'advice-provided') = ? AND i."updatedAt" < ?)`).join(' OR ');
    const params: unknown[] = [...cutoffs].flat();
    let page = '';
    if (after) {
      page = ` AND (i."updatedAt" > ? OR (i."updatedAt" = ? AND i.id > ?))`;
      params.push(after.endedAt, after.endedAt, after.id);
    }
    const rows = await this.sql.all<Record<string, unknown>>(
      `SELECT i.id, i.reference, i.status, COALESCE(i.outcome, 'advice-provided') AS outcome, i."updatedAt", i."createdAt", i."wrappedKey",
         CASE WHEN h."inquiryId" IS NULL THEN 0 ELSE 1 END AS held
       FROM inquiry i LEFT JOIN legal_hold h ON h."inquiryId" = i.id
       WHERE ${ENDED} AND (${byOutcome})${page} ORDER BY i."updatedAt", i.id LIMIT ${Number(limit)}`,
      params,
      em,
    );
    return rows.map((r) => ({
      id: r.id as string,
      reference: r.reference as string,
      status: r.status as RetentionCandidate['status'],
      outcome: r.outcome as Outcome,
      endedAt: r.updatedAt as string,
      createdAt: r.createdAt as string,
      wrappedKey: r.wrappedKey as string,
      held: count(r.held) > 0,
    }));
  }

  /** The candidate again, inside the purge's transaction, if it still is one (ended, not purged, not held). */
  async recheck(id: string, em: EntityManager): Promise<{ endedAt: string; outcome: Outcome } | null> {
    await this.sql.lockRow('inquiry', id, em);
    const row = await this.sql.one<Record<string, unknown>>(
      `SELECT i."updatedAt", COALESCE(i.outcome, 'advice-provided') AS outcome FROM inquiry i
       WHERE i.id = ? AND ${ENDED} AND NOT EXISTS (SELECT 1 FROM legal_hold h WHERE h."inquiryId" = i.id)`,
      [id],
      em,
    );
    return row ? { endedAt: row.updatedAt as string, outcome: row.outcome as Outcome } : null;
  }

  /**
   * Deletes the inquiry's content and keeps its facts: the thread, every file and its bytes, the
   * search tokens, the participants, the assignments' sealed words, the tags; subject, body and
   * the wrapped data key emptied. The reference, dates, status, outcome, topics, organisation and
   * State stay for the reports and the audit chain.
   */
  async purgeContent(id: string, purgedAt: string, em: EntityManager): Promise<void> {
    const run = (sql: string, params: unknown[]) => this.sql.all(sql, params, em);
    await run('DELETE FROM attachment WHERE "inquiryId" = ?', [id]);
    // A reply's parent is a message of the same thread: unlink first, so the delete meets no RESTRICT.
    await run('UPDATE message SET "parentId" = NULL WHERE "inquiryId" = ? AND "parentId" IS NOT NULL', [id]);
    await run('DELETE FROM message WHERE "inquiryId" = ?', [id]);
    await run('DELETE FROM inquiry_search_token WHERE "inquiryId" = ?', [id]);
    await run('DELETE FROM inquiry_prefix_token WHERE "inquiryId" = ?', [id]);
    if (this.sql.postgres) await run('DELETE FROM inquiry_search_set WHERE "inquiryId" = ?', [id]);
    await run('DELETE FROM inquiry_participant WHERE "inquiryId" = ?', [id]);
    await run('UPDATE assignment SET "declineReasonSealed" = NULL WHERE "inquiryId" = ?', [id]);
    await run(`UPDATE inquiry SET "subjectSealed" = '', "bodySealed" = '', "wrappedKey" = '', tags = '[]', "purgedAt" = ?, version = version + 1 WHERE id = ?`, [purgedAt, id]);
  }

  /** How many inquiries filed in [from, to) still have content. */
  async unpurgedFiledBetween(from: string, to: string, em?: EntityManager): Promise<number> {
    const row = await this.sql.one<{ n: unknown }>('SELECT COUNT(*) AS n FROM inquiry WHERE "createdAt" >= ? AND "createdAt" < ? AND "purgedAt" IS NULL', [from, to], em);
    return count(row?.n);
  }

  async hold(inquiryId: string, em?: EntityManager): Promise<LegalHold | null> {
    return (em ?? this.dataSource.manager).getRepository(LegalHold).findOneBy({ inquiryId });
  }

  async saveHold(hold: LegalHold, em: EntityManager): Promise<void> {
    await em.getRepository(LegalHold).upsert(hold, ['inquiryId']);
  }

  async deleteHold(inquiryId: string, em: EntityManager): Promise<boolean> {
    const result = await em.getRepository(LegalHold).delete({ inquiryId });
    return (result.affected ?? 0) > 0;
  }

  /** The holds standing, newest first, with their inquiries' references. */
  async holds(limit: number): Promise<Array<LegalHold & { reference: string }>> {
    const rows = await this.sql.all<Record<string, unknown>>(
      `SELECT h."inquiryId", h."reasonSealed", h."setById", h."setAt", i.reference FROM legal_hold h JOIN inquiry i ON i.id = h."inquiryId" ORDER BY h."setAt" DESC LIMIT ${Number(limit)}`,
    );
    return rows.map((r) => ({
      inquiryId: r.inquiryId as string,
      reasonSealed: r.reasonSealed as string,
      setById: r.setById as string,
      setAt: r.setAt as string,
      reference: r.reference as string,
    }));
  }
}
