import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './support.js';

/**
 * Lists read newest first by (createdAt, id): indexes that end with both give the page in order
 * without a sort. A requester's list filtered by status is one range of its own index, and its
 * count is read from the index alone, however many inquiries the requester has filed.
 */
export class ListOrderIndexes1768089600000 implements MigrationInterface {
  name = 'ListOrderIndexes1768089600000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('inquiry', 'ix_inquiry_status_createdAt');
    await q.dropIndex('inquiry', 'ix_inquiry_requesterId_createdAt');
    for (const columns of ORDERED) await q.createIndex('inquiry', new TableIndex(index('inquiry', columns)));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const columns of ORDERED) await q.dropIndex('inquiry', index('inquiry', columns).name!);
    await q.createIndex('inquiry', new TableIndex(index('inquiry', ['status', 'createdAt'])));
    await q.createIndex('inquiry', new TableIndex(index('inquiry', ['requesterId', 'createdAt'])));
  }
}

const ORDERED = [
  ['status', 'createdAt', 'id'],
  ['requesterId', 'createdAt', 'id'],
  ['requesterId', 'status', 'createdAt', 'id'],
];
