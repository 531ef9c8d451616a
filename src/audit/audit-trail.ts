import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import type { AuditEntry } from './audit-entry.entity.js';
import { auditHash, GENESIS_HASH } from './audit-hash.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';

export interface AuditRecord {
  /** null for the service itself (sweeps, the dispatcher). */
  actorId: string | null;
  action: string;
  inquiryId?: string | null;
  details?: Record<string, string | number | boolean | null | string[]>;
}

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', description: 'Position in the chain, from 1' }) seq: number;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the service itself' }) actorId: string | null;
  @ApiProperty({ example: 'inquiry.read' }) action: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) inquiryId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and names of what changed, never confidential text' }) details: Record<string, unknown>;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) hash: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) prevHash: string;
}

export class AuditVerification {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'integer', description: 'Entries checked' }) entries: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The first entry whose hash, link or sequence number is wrong' }) firstBadId: string | null;
}

/** The append-only, hash-chained record of who did and saw what. */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  /** Appends inside the caller's transaction: the entry exists exactly when the change does. */
  async record(em: EntityManager, r: AuditRecord): Promise<void> {
    const last = await this.audit.lockAndReadLast(em);
    const entry: Omit<AuditEntry, 'hash'> = {
      id: newId(),
      seq: (last?.seq ?? 0) + 1,
      at: this.clock.iso(),
      actorId: r.actorId,
      action: r.action,
      inquiryId: r.inquiryId ?? null,
      details: JSON.stringify(r.details ?? {}),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await this.audit.insert({ ...entry, hash: auditHash(entry) }, em);
  }

  async list(filter: AuditFilter, limit = 25, cursor?: string): Promise<{ items: AuditEntryView[]; total: number; nextCursor: string | null }> {
    const beforeSeq = cursor === undefined ? undefined : Number(cursor);
    const { items, total } = await this.audit.page(filter, limit + 1, beforeSeq);
    const page = items.slice(0, limit);
    return {
      items: page.map(toView),
      total,
      nextCursor: items.length > limit ? String(page[page.length - 1].seq) : null,
    };
  }

  /** Recomputes the whole chain: every hash, every link, no missing sequence number. */
  async verify(): Promise<AuditVerification> {
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    for (;;) {
      const batch = await this.audit.batchAfter(expectedSeq - 1, 1000);
      if (batch.length === 0) return { ok: true, entries, firstBadId: null };
      for (const e of batch) {
        if (e.seq !== expectedSeq || e.prevHash !== prevHash || auditHash(e) !== e.hash) return { ok: false, entries, firstBadId: e.id };
        prevHash = e.hash;
        expectedSeq += 1;
        entries += 1;
      }
    }
  }
}

const toView = (e: AuditEntry): AuditEntryView => ({
  id: e.id,
  seq: e.seq,
  at: e.at,
  actorId: e.actorId,
  action: e.action,
  inquiryId: e.inquiryId,
  details: JSON.parse(e.details) as Record<string, unknown>,
  hash: e.hash,
  prevHash: e.prevHash,
});
