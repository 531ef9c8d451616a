import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { foreignKey, idColumn, index, refColumn, stringColumn, textColumn, timeColumn } from './support.js';

/**
 * Links between inquiries (issue 21): related, or a duplicate of a primary inquiry of the same
 * State. The reason is sealed under the data key of the inquiry the link was made from.
 */
export class InquiryLinks1768870800000 implements MigrationInterface {
  name = 'InquiryLinks1768870800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'inquiry_link',
        columns: [
          idColumn(),
          refColumn('inquiryId'),
          refColumn('linkedInquiryId'),
          stringColumn('kind', 10),
          textColumn('reasonSealed'),
          refColumn('createdById'),
          timeColumn('createdAt'),
        ],
        indices: [index('inquiry_link', ['inquiryId', 'linkedInquiryId'], true), index('inquiry_link', ['linkedInquiryId'])],
        foreignKeys: [
          foreignKey('inquiry_link', 'inquiryId', 'inquiry', 'CASCADE'),
          foreignKey('inquiry_link', 'linkedInquiryId', 'inquiry', 'CASCADE'),
          foreignKey('inquiry_link', 'createdById', 'user_account'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('inquiry_link');
  }
}
