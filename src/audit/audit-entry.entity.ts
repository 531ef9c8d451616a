import { Entity, Index } from 'typeorm';
import { IdColumn, IntColumn, RefColumn, StringColumn, TextColumn, TimeColumn } from '../database/columns.js';

@Entity('audit_entry')
@Index('uq_audit_entry_seq', ['seq'], { unique: true })
@Index('ix_audit_entry_inquiryId_seq', ['inquiryId', 'seq'])
@Index('ix_audit_entry_actorId_seq', ['actorId', 'seq'])
@Index('ix_audit_entry_action_seq', ['action', 'seq'])
export class AuditEntry {
  @IdColumn() id: string;
  /** 1, 2, 3... with no gap: a deleted entry breaks the sequence as surely as the hash. */
  @IntColumn() seq: number;
  @TimeColumn() at: string;
  @RefColumn(true) actorId: string | null;
  @StringColumn(60) action: string;
  @RefColumn(true) inquiryId: string | null;
  /** JSON of ids, codes and field names; never confidential text. */
  @TextColumn() details: string;
  @StringColumn(64) prevHash: string;
  @StringColumn(64) hash: string;
}
