import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { foreignKey, idColumn, index, intColumn, refColumn, stringColumn, timeColumn } from './support.js';

export class Notifications1767571200000 implements MigrationInterface {
  name = 'Notifications1767571200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('outbox_event', new TableColumn(timeColumn('leaseUntil', true)));
    await q.addColumns('inquiry', [
      new TableColumn(timeColumn('slaDueAt', true)),
      new TableColumn(intColumn('pausedSeconds', true)),
      new TableColumn(timeColumn('awaitingSince', true)),
    ]);
    await q.createIndex('inquiry', new TableIndex(index('inquiry', ['slaDueAt'])));
    await q.createTable(
      new Table({
        name: 'delivery',
        columns: [
          idColumn(),
          refColumn('eventId'),
          stringColumn('eventKind', 60),
          refColumn('inquiryId', true),
          stringColumn('reference', 20, true),
          refColumn('recipientId'),
          stringColumn('channel', 10),
          stringColumn('status', 10),
          intColumn('attempts'),
          timeColumn('nextAttemptAt'),
          timeColumn('leaseUntil', true),
          stringColumn('lastError', 200, true),
          timeColumn('sentAt', true),
          timeColumn('readAt', true),
          timeColumn('createdAt'),
        ],
        indices: [
          index('delivery', ['eventId', 'recipientId', 'channel'], true),
          index('delivery', ['channel', 'status', 'nextAttemptAt']),
          index('delivery', ['recipientId', 'channel', 'createdAt']),
        ],
        foreignKeys: [foreignKey('delivery', 'eventId', 'outbox_event', 'CASCADE'), foreignKey('delivery', 'recipientId', 'user_account', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'notification_preference',
        columns: [{ ...refColumn('userId'), isPrimary: true }, stringColumn('email', 10), timeColumn('lastDigestAt', true), timeColumn('updatedAt')],
        foreignKeys: [foreignKey('notification_preference', 'userId', 'user_account', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sla_breach',
        columns: [
          { ...refColumn('inquiryId'), isPrimary: true },
          { ...stringColumn('kind', 20), isPrimary: true },
          { ...timeColumn('dueAt'), isPrimary: true },
          timeColumn('detectedAt'),
        ],
        foreignKeys: [foreignKey('sla_breach', 'inquiryId', 'inquiry', 'CASCADE')],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('sla_breach');
    await q.dropTable('notification_preference');
    await q.dropTable('delivery');
    await q.dropIndex('inquiry', 'ix_inquiry_slaDueAt');
    await q.dropColumns('inquiry', ['slaDueAt', 'pausedSeconds', 'awaitingSince']);
    await q.dropColumn('outbox_event', 'leaseUntil');
  }
}
