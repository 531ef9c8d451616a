import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { foreignKey, idColumn, index, refColumn, stringColumn, timeColumn } from './support.js';

/**
 * Duplicates (issue 21, case E3): the primary's cleared replies the secretariat shared with a
 * duplicate (a reference to the message, never a copy of its text), and the question put to both
 * requesters whether to join their threads. Both hang on the link: removing it removes them.
 */
export class DuplicateSharing1769500000000 implements MigrationInterface {
  name = 'DuplicateSharing1769500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'shared_reply',
        columns: [idColumn(), refColumn('linkId'), refColumn('inquiryId'), refColumn('messageId'), refColumn('sharedById'), timeColumn('sharedAt')],
        indices: [index('shared_reply', ['inquiryId', 'messageId'], true), index('shared_reply', ['linkId']), index('shared_reply', ['messageId'])],
        foreignKeys: [
          foreignKey('shared_reply', 'linkId', 'inquiry_link', 'CASCADE'),
          foreignKey('shared_reply', 'inquiryId', 'inquiry', 'CASCADE'),
          foreignKey('shared_reply', 'messageId', 'message', 'CASCADE'),
          foreignKey('shared_reply', 'sharedById', 'user_account'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inquiry_join',
        columns: [
          idColumn('linkId'),
          stringColumn('duplicateConsent', 10, true),
          stringColumn('primaryConsent', 10, true),
          refColumn('askedById'),
          timeColumn('askedAt'),
          timeColumn('joinedAt', true),
          timeColumn('updatedAt'),
        ],
        foreignKeys: [foreignKey('inquiry_join', 'linkId', 'inquiry_link', 'CASCADE'), foreignKey('inquiry_join', 'askedById', 'user_account')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inquiry_join');
    await q.dropTable('shared_reply');
  }
}
