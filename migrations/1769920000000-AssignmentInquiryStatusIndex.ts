import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './support.js';

/**
 * Assignments by inquiry and status: the secretariat's queue marks each row of its page with
 * whether any expert is on it (an assignment proposed, accepted or completed), one lookup per row.
 * Through (inquiryId, expertId) each lookup read the assignment's row as well for its status; this
 * index holds the status, so the lookup reads the index alone.
 */
export class AssignmentInquiryStatusIndex1769920000000 implements MigrationInterface {
  name = 'AssignmentInquiryStatusIndex1769920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('assignment', new TableIndex(index('assignment', ['inquiryId', 'status'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('assignment', 'ix_assignment_inquiryId_status');
  }
}
