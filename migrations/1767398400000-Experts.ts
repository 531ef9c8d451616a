import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { boolColumn, foreignKey, idColumn, index, intColumn, refColumn, stringColumn, textColumn, timeColumn } from './support.js';

export class Experts1767398400000 implements MigrationInterface {
  name = 'Experts1767398400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'expert_profile',
        columns: [
          { ...refColumn('userId'), isPrimary: true },
          textColumn('topics'),
          textColumn('languages'),
          textColumn('regions'),
          textColumn('conflictCountries'),
          intColumn('maxActive'),
          boolColumn('available'),
          timeColumn('updatedAt'),
        ],
        foreignKeys: [foreignKey('expert_profile', 'userId', 'user_account', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'assignment',
        columns: [
          idColumn(),
          refColumn('inquiryId'),
          refColumn('expertId'),
          stringColumn('role', 10),
          stringColumn('status', 12),
          timeColumn('dueAt', true),
          refColumn('proposedById'),
          textColumn('declineReasonSealed', true),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
        ],
        indices: [index('assignment', ['inquiryId', 'expertId']), index('assignment', ['expertId', 'status'])],
        foreignKeys: [foreignKey('assignment', 'inquiryId', 'inquiry', 'CASCADE'), foreignKey('assignment', 'expertId', 'user_account')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('assignment');
    await q.dropTable('expert_profile');
  }
}
