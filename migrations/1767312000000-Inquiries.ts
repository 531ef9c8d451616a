import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { DEFAULT_TOPICS } from './data/default-topics.js';
import { boolColumn, boolValue, foreignKey, idColumn, index, intColumn, refColumn, stringColumn, textColumn, timeColumn } from './support.js';

export class Inquiries1767312000000 implements MigrationInterface {
  name = 'Inquiries1767312000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'service_key',
        columns: [{ ...stringColumn('purpose', 40), isPrimary: true }, textColumn('wrappedKey'), timeColumn('createdAt')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'topic',
        columns: [
          { ...stringColumn('slug', 60), isPrimary: true },
          stringColumn('group', 60),
          stringColumn('label', 200),
          textColumn('covers'),
          intColumn('position'),
          boolColumn('retired'),
          timeColumn('createdAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'reference_counter',
        columns: [{ ...intColumn('year'), isPrimary: true }, intColumn('last')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inquiry',
        columns: [
          idColumn(),
          stringColumn('reference', 20),
          refColumn('requesterId'),
          refColumn('organizationId'),
          stringColumn('country', 2),
          stringColumn('language', 2),
          stringColumn('urgency', 10),
          stringColumn('status', 24),
          stringColumn('priority', 10),
          textColumn('tags'),
          timeColumn('dueAt', true),
          timeColumn('desiredBy', true),
          boolColumn('publicationConsent'),
          stringColumn('outcome', 40, true),
          intColumn('version'),
          textColumn('wrappedKey'),
          textColumn('subjectSealed'),
          textColumn('bodySealed'),
          timeColumn('createdAt'),
          timeColumn('updatedAt'),
        ],
        indices: [
          index('inquiry', ['reference'], true),
          index('inquiry', ['createdAt', 'id']),
          index('inquiry', ['status', 'createdAt']),
          index('inquiry', ['requesterId', 'createdAt']),
          index('inquiry', ['organizationId']),
          index('inquiry', ['country', 'createdAt']),
          index('inquiry', ['urgency', 'createdAt']),
          index('inquiry', ['dueAt']),
        ],
        foreignKeys: [foreignKey('inquiry', 'requesterId', 'user_account'), foreignKey('inquiry', 'organizationId', 'organization')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inquiry_topic',
        columns: [{ ...refColumn('inquiryId'), isPrimary: true }, { ...stringColumn('topicSlug', 60), isPrimary: true }, intColumn('position')],
        indices: [index('inquiry_topic', ['topicSlug', 'inquiryId'])],
        foreignKeys: [foreignKey('inquiry_topic', 'inquiryId', 'inquiry', 'CASCADE'), { ...foreignKey('inquiry_topic', 'topicSlug', 'topic'), referencedColumnNames: ['slug'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inquiry_participant',
        columns: [{ ...refColumn('inquiryId'), isPrimary: true }, { ...refColumn('userId'), isPrimary: true }, refColumn('addedById'), timeColumn('addedAt')],
        indices: [index('inquiry_participant', ['userId'])],
        foreignKeys: [foreignKey('inquiry_participant', 'inquiryId', 'inquiry', 'CASCADE'), foreignKey('inquiry_participant', 'userId', 'user_account', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'inquiry_search_token',
        columns: [
          { ...refColumn('inquiryId'), isPrimary: true },
          { ...stringColumn('token', 32), isPrimary: true },
        ],
        indices: [index('inquiry_search_token', ['token', 'inquiryId'])],
        foreignKeys: [foreignKey('inquiry_search_token', 'inquiryId', 'inquiry', 'CASCADE')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          { ...refColumn('userId'), isPrimary: true },
          { ...stringColumn('scope', 40), isPrimary: true },
          { ...stringColumn('key', 100), isPrimary: true },
          refColumn('resourceId'),
          timeColumn('createdAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          idColumn(),
          intColumn('seq'),
          timeColumn('at'),
          refColumn('actorId', true),
          stringColumn('action', 60),
          refColumn('inquiryId', true),
          textColumn('details'),
          stringColumn('prevHash', 64),
          stringColumn('hash', 64),
        ],
        indices: [index('audit_entry', ['seq'], true), index('audit_entry', ['inquiryId', 'seq']), index('audit_entry', ['actorId', 'seq'])],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox_event',
        columns: [
          idColumn(),
          stringColumn('kind', 60),
          refColumn('inquiryId', true),
          refColumn('actorId', true),
          textColumn('payload'),
          timeColumn('createdAt'),
          timeColumn('processedAt', true),
        ],
        indices: [index('outbox_event', ['processedAt', 'createdAt'])],
      }),
    );
    const now = new Date().toISOString();
    for (const [position, t] of DEFAULT_TOPICS.entries()) {
      await q.manager
        .createQueryBuilder()
        .insert()
        .into('topic')
        .values({ slug: t.slug, group: t.group, label: t.label, covers: t.covers, position, retired: boolValue(q, false), createdAt: now })
        .execute();
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'outbox_event',
      'audit_entry',
      'idempotency_key',
      'inquiry_search_token',
      'inquiry_participant',
      'inquiry_topic',
      'inquiry',
      'reference_counter',
      'topic',
      'service_key',
    ]) {
      await q.dropTable(table);
    }
  }
}
