import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { newId } from '../common/ids.js';
import { AuditKeys } from '../crypto/audit-keys.js';
import type { AuditEntry } from './audit-entry.entity.js';
import { AuditCheckpoints } from './audit-checkpoints.js';
import { GENESIS_LINK, linkInput } from './audit-link.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';
import type { InsertRows } from '../database/raw-sql.js';

export interface AuditRecord {
  /** null for the service itself (sweeps, the dispatcher). */
  actorId: string | null;
  action: string;
  inquiryId?: string | null;
  details?: Record<string, string | number | boolean | null | string[]>;
}

const HEX64 = '^[0-9a-f]{64}$';

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Position in the chain, from 1; null until the entry is sealed (within about a second)' })
  seq: number | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the service itself' }) actorId: string | null;
  @ApiProperty({ example: 'inquiry.read' }) action: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) inquiryId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and names of what changed, never confidential text' }) details: Record<string, unknown>;
  @ApiProperty({ type: String, pattern: HEX64, nullable: true, description: 'The link: HMAC-SHA-256 under the audit key; null until sealed' }) hash: string | null;
  @ApiProperty({ type: String, pattern: HEX64, nullable: true, description: "The previous entry's link; null until sealed" }) prevHash: string | null;
  @ApiProperty({ description: 'false while the entry waits for the sealer' }) sealed: boolean;
}

export class AuditVerification {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: 'integer', description: 'Sealed entries checked' }) entries: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The first entry whose link, key or position is wrong' }) firstBadId: string | null;
  @ApiProperty({ type: 'integer', description: 'Sealed entries in the database' }) sealed: number;
  @ApiProperty({ type: 'integer', description: 'Entries written but not sealed yet' }) unsealed: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Age of the oldest unsealed entry; more than a few seconds means no sealer is running' })
  oldestUnsealedSeconds: number | null;
  @ApiProperty({ type: 'integer', description: 'Signed checkpoints (outside the database) compared with the chain' }) checkpoints: number;
  @ApiProperty({ type: [String], description: 'What is wrong, one sentence each; empty when ok' }) problems: string[];
}

/** The append-only, keyed, chained record of who did and saw what. */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly audit: AuditRepository,
    private readonly keys: AuditKeys,
    private readonly checkpoints: AuditCheckpoints,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends inside the caller's transaction: the entry exists exactly when the change does. It is
   * written unsealed, without any lock or read; the sealer links it within about a second.
   */
  async record(em: EntityManager, r: AuditRecord): Promise<void> {
    await this.audit.insert(this.entry(r), em);
  }

  /** The entry's insert, for a command that sends its writes together (RawSql.writeAll), in its transaction all the same. */
  recordWrite(r: AuditRecord): InsertRows {
    return this.audit.insertRows(this.entry(r));
  }

  private entry(r: AuditRecord): AuditEntry {
    return {
      id: newId(),
      seq: null,
      at: this.clock.iso(),
      actorId: r.actorId,
      action: r.action,
      inquiryId: r.inquiryId ?? null,
      details: JSON.stringify(r.details ?? {}),
      prevHash: null,
      hash: null,
      keyVersion: null,
    };
  }

  /** Newest first; the cursor is the last entry's seq, or its id while it is unsealed. */
  async list(filter: AuditFilter, limit = 25, cursor?: string): Promise<{ items: AuditEntryView[]; total: number; nextCursor: string | null }> {
    const before = cursor === undefined ? undefined : /^\d+$/.test(cursor) ? { seq: Number(cursor) } : { id: cursor };
    const { items, total } = await this.audit.page(filter, limit + 1, before);
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toView),
      total,
      nextCursor: items.length > limit ? (last.seq === null ? last.id : String(last.seq)) : null,
    };
  }

  /**
   * Recomputes every link in order (a MAC under the key version the entry names), checks there is
   * no gap in the positions, then compares the chain with every signed checkpoint outside the
   * database: a chain cut short, or rewritten as a whole, disagrees with them.
   */
  async verify(): Promise<AuditVerification> {
    await this.keys.load();
    const backlog = await this.audit.backlog();
    const { valid, invalid } = this.checkpoints.read();
    const wanted = new Map<number, string>(valid.map((c) => [c.seq, c.hash]));
    const found = new Map<number, string>();
    const problems = invalid.map((line) => `checkpoint line ${line} is not signed by this service's audit key`);
    let prevHash = GENESIS_LINK;
    let expectedSeq = 1;
    let entries = 0;
    let firstBadId: string | null = null;
    walk: for (;;) {
      const batch = await this.audit.batchAfter(expectedSeq - 1, 1000);
      if (batch.length === 0) break;
      for (const e of batch) {
        const problem = linkProblem(e, expectedSeq, prevHash, (v, data) => this.keys.mac(v, data));
        if (problem) {
          firstBadId = e.id;
          problems.push(`entry ${e.id} (#${e.seq}): ${problem}`);
          break walk;
        }
        if (wanted.has(e.seq!)) found.set(e.seq!, e.hash!);
        prevHash = e.hash!;
        expectedSeq += 1;
        entries += 1;
      }
    }
    for (const c of valid) {
      if (firstBadId !== null && c.seq >= expectedSeq) continue;
      if (c.seq > entries) problems.push(`the chain ends at #${entries}, but the checkpoint of ${c.at} counted ${c.seq} entries: entries were removed from the end`);
      else if (found.get(c.seq) !== c.hash) problems.push(`entry #${c.seq} differs from the checkpoint of ${c.at}: the chain was rewritten`);
    }
    const oldest = backlog.oldestUnsealedAt ? Math.max(0, Math.floor((this.clock.now().getTime() - Date.parse(backlog.oldestUnsealedAt)) / 1000)) : null;
    return {
      ok: problems.length === 0,
      entries,
      firstBadId,
      sealed: backlog.sealed,
      unsealed: backlog.unsealed,
      oldestUnsealedSeconds: oldest,
      checkpoints: valid.length,
      problems,
    };
  }
}

function linkProblem(e: AuditEntry, seq: number, prevHash: string, mac: (version: number, data: string) => string | null): string | null {
  if (e.seq !== seq) return `position ${e.seq} where ${seq} was expected: an entry is missing or out of order`;
  if (e.prevHash !== prevHash) return 'does not link to the entry before it';
  if (e.keyVersion === null) return 'sealed without a key version';
  const expected = mac(e.keyVersion, linkInput(e));
  if (expected === null) return `audit key version ${e.keyVersion} is unknown`;
  if (expected !== e.hash) return 'its link does not match its content: the entry was changed';
  return null;
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
  sealed: e.seq !== null,
});
