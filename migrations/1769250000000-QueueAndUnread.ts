import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { foreignKey, index, refColumn, stringColumn, timeColumn } from './support.js';

/** Unread in-app notifications: what the menu counts and what opening a query marks read. */
export const UNREAD_WHERE = `channel = 'in-app' AND "readAt" IS NULL`;

/**
 * The queue and the unread counts (issue 19):
 * - inquiry_prefix_token, the keyed beginnings of subject words for a search by a partial word,
 *   filled for the inquiries already there by the service at start (the subjects are sealed: only
 *   the service holds the keys), which backfill_state follows;
 * - a partial index of each person's unread in-app notifications, so that the menu's count and
 *   marking a query's notifications read read only unread rows;
 * - (status, slaDueAt) on inquiries: the overdue tab counts the open ones past their due moment
 *   without walking the closed archive, whose due moments are all past too.
 */
export class QueueAndUnread1769250000000 implements MigrationInterface {
  name = 'QueueAndUnread1769250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'inquiry_prefix_token',
        columns: [
          { ...refColumn('inquiryId'), isPrimary: true },
          { ...stringColumn('token', 32), isPrimary: true },
        ],
        indices: [index('inquiry_prefix_token', ['token', 'inquiryId'])],
        foreignKeys: [foreignKey('inquiry_prefix_token', 'inquiryId', 'inquiry', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'backfill_state',
        columns: [{ ...stringColumn('job', 60), isPrimary: true }, { ...refColumn('cursor', true) }, timeColumn('doneAt', true)],
      }),
    );
    // Nothing to fill in a database without inquiries (a new one): done from the start.
    const done = `'${new Date().toISOString()}'`;
    await q.query(`INSERT INTO backfill_state (job, cursor, "doneAt") SELECT 'subject-prefixes', NULL, CASE WHEN EXISTS (SELECT 1 FROM inquiry) THEN NULL ELSE ${done} END`);
    await q.createIndex('delivery', new TableIndex({ name: 'ix_delivery_unread', columnNames: ['recipientId', 'inquiryId'], where: UNREAD_WHERE }));
    await q.createIndex('inquiry', new TableIndex(index('inquiry', ['status', 'slaDueAt'])));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('inquiry', 'ix_inquiry_status_slaDueAt');
    await q.dropIndex('delivery', 'ix_delivery_unread');
    await q.dropTable('backfill_state');
    await q.dropTable('inquiry_prefix_token');
  }
}
