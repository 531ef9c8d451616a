import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { foreignKey, intColumn, refColumn, stringColumn, textColumn, timeColumn } from './support.js';

/**
 * Retention: when an inquiry's content was purged (null while it has any), the secretariat's
 * retention periods per outcome (defaults live in the code; a row overrides one), and the legal
 * holds that suspend a purge, each with its reason sealed.
 */
export class Retention1769040000000 implements MigrationInterface {
  name = 'Retention1769040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('inquiry', new TableColumn(timeColumn('purgedAt', true)));
    await q.createTable(
      new Table({
        name: 'retention_policy',
        columns: [{ ...stringColumn('outcome', 40), isPrimary: true }, intColumn('months'), refColumn('updatedById'), timeColumn('updatedAt')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'legal_hold',
        columns: [{ ...refColumn('inquiryId'), isPrimary: true }, textColumn('reasonSealed'), refColumn('setById'), timeColumn('setAt')],
        foreignKeys: [foreignKey('legal_hold', 'inquiryId', 'inquiry', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('legal_hold');
    await q.dropTable('retention_policy');
    await q.dropColumn('inquiry', 'purgedAt');
  }
}
