import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { foreignKey, idColumn, index, intColumn, refColumn, stringColumn, textColumn, timeColumn } from './support.js';

export class Messages1767484800000 implements MigrationInterface {
  name = 'Messages1767484800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'message',
        columns: [
          idColumn(),
          refColumn('inquiryId'),
          refColumn('parentId', true),
          refColumn('authorId'),
          stringColumn('authorRole', 12),
          stringColumn('visibility', 10),
          stringColumn('clearance', 10, true),
          textColumn('bodySealed'),
          textColumn('returnReasonSealed', true),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
        ],
        indices: [index('message', ['inquiryId', 'createdAt']), index('message', ['parentId'])],
        foreignKeys: [foreignKey('message', 'inquiryId', 'inquiry', 'CASCADE'), foreignKey('message', 'parentId', 'message'), foreignKey('message', 'authorId', 'user_account')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'attachment',
        columns: [
          idColumn(),
          refColumn('inquiryId'),
          refColumn('messageId', true),
          refColumn('uploaderId'),
          textColumn('filenameSealed'),
          stringColumn('contentType', 100),
          intColumn('size'),
          intColumn('chunks'),
          timeColumn('createdAt'),
        ],
        indices: [index('attachment', ['inquiryId']), index('attachment', ['messageId'])],
        foreignKeys: [
          foreignKey('attachment', 'inquiryId', 'inquiry', 'CASCADE'),
          foreignKey('attachment', 'messageId', 'message', 'CASCADE'),
          foreignKey('attachment', 'uploaderId', 'user_account'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'attachment_chunk',
        columns: [{ ...refColumn('attachmentId'), isPrimary: true }, { ...intColumn('seq'), isPrimary: true }, textColumn('dataSealed')],
        foreignKeys: [foreignKey('attachment_chunk', 'attachmentId', 'attachment', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('attachment_chunk');
    await q.dropTable('attachment');
    await q.dropTable('message');
  }
}
