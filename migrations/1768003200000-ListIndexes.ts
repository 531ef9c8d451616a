import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './support.js';

/** Indexes for the secretariat's queue: replies waiting for clearance, and the audit trail by action. */
export class ListIndexes1768003200000 implements MigrationInterface {
  name = 'ListIndexes1768003200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('message', new TableIndex(index('message', ['clearance', 'inquiryId'])));
    await q.createIndex('audit_entry', new TableIndex(index('audit_entry', ['action', 'seq'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('audit_entry', 'ix_audit_entry_action_seq');
    await q.dropIndex('message', 'ix_message_clearance_inquiryId');
  }
}
