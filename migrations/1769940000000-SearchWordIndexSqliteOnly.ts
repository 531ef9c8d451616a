import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';
import { index } from './support.js';

/**
 * PostgreSQL only: inquiry_search_token loses its index by (token, inquiryId). There the search
 * asks inquiry_search_set (see the migration SearchTokenSets), and the only reads of the whole
 * words left, the link suggestions (the words two inquiries share) and a purge, go by inquiry, the
 * primary key (inquiryId, token). The index was written five times per intake (a five-word
 * subject) and read by nothing: measured in a scratch loop of an intake's one writing statement,
 * ten connections at once on a copy of a bench database, 8-12 % of the statement's PostgreSQL CPU.
 * SQLite keeps it: its search looks the words up by token (inquiry-list.sql.ts).
 */
export class SearchWordIndexSqliteOnly1769940000000 implements MigrationInterface {
  name = 'SearchWordIndexSqliteOnly1769940000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.dropIndex('inquiry_search_token', 'ix_inquiry_search_token_token_inquiryId');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type !== 'postgres') return;
    await q.createIndex('inquiry_search_token', new TableIndex(index('inquiry_search_token', ['token', 'inquiryId'])));
  }
}
