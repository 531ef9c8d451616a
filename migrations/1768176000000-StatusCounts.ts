import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { intColumn, stringColumn } from './support.js';

/**
 * How many inquiries are in each status, kept by every intake and every move in the same
 * transaction: the secretariat's lists by status give their total without counting the archive.
 */
export class StatusCounts1768176000000 implements MigrationInterface {
  name = 'StatusCounts1768176000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'inquiry_status_count', columns: [{ ...stringColumn('status', 24), isPrimary: true }, intColumn('n')] }));
    await q.query('INSERT INTO inquiry_status_count (status, n) SELECT status, COUNT(*) FROM inquiry GROUP BY status');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inquiry_status_count');
  }
}
