import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';

/**
 * One audit entry. Written unsealed (seq, prevHash, hash and keyVersion null) in the transaction of
 * the change it records; the sealer then gives it its position and link, once: the database's
 * triggers refuse any other update, and every delete.
 */
@Entity('audit_entry')
@Index('uq_audit_entry_seq', ['seq'], { unique: true })
@Index('ix_audit_entry_inquiryId_seq', ['inquiryId', 'seq'])
@Index('ix_audit_entry_actorId_seq', ['actorId', 'seq'])
@Index('ix_audit_entry_action_seq', ['action', 'seq'])
export class AuditEntry {
  @IdColumn() id: string;
  /** 1, 2, 3... with no gap once sealed: a deleted entry breaks the sequence as surely as the link. */
  @IntColumn(true) seq: number | null;
  @TimeColumn() at: string;
  @RefColumn(true) actorId: string | null;
  @StringColumn(60) action: string;
  @RefColumn(true) inquiryId: string | null;
  /** JSON of ids, codes and field names; never confidential text. */
  @TextColumn() details: string;
  @StringColumn(64, true) prevHash: string | null;
  /** HMAC-SHA-256 under audit key `keyVersion` of the previous link and this entry. */
  @StringColumn(64, true) hash: string | null;
  @IntColumn(true) keyVersion: number | null;
}
