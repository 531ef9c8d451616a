import { MigrationInterface, QueryRunner, TableForeignKey } from 'typeorm';
import { foreignKey } from './support.js';

const TOKEN_TABLES = ['inquiry_search_token', 'inquiry_prefix_token'] as const;

/**
 * The keyed search tokens (whole words and beginnings) no longer hold a foreign key to their
 * inquiry. An intake writes some twenty of them (five words of a subject and their beginnings), and
 * PostgreSQL checked each one against the inquiry just inserted: a trigger running a locking query
 * per row, a measured tenth of PostgreSQL's CPU per intake. The key guarded nothing: inquiries are
 * never deleted (a purge empties a row and deletes its tokens itself, RetentionRepository), the
 * tokens are written only with their inquiry (intake, in its transaction) or for an inquiry read
 * just before (the prefix backfill). The indexes stay, (inquiryId, token) first.
 */
export class SearchTokensWithoutForeignKeys1769810000000 implements MigrationInterface {
  name = 'SearchTokensWithoutForeignKeys1769810000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TOKEN_TABLES) await q.dropForeignKey(table, `fk_${table}_inquiryId`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TOKEN_TABLES) await q.createForeignKey(table, new TableForeignKey(foreignKey(table, 'inquiryId', 'inquiry', 'CASCADE')));
  }
}
