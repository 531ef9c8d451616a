import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { intColumn, stringColumn } from './support.js';

/**
 * Rate-limit counters shared by every instance on PostgreSQL (one row per key, the window in
 * milliseconds since the epoch). SQLite keeps its counters in memory; the table exists there too,
 * unused, so that both databases have one schema.
 */
export class RateLimits1767916800000 implements MigrationInterface {
  name = 'RateLimits1767916800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'rate_limit',
        columns: [{ ...stringColumn('key', 300), isPrimary: true }, intColumn('count'), { name: 'resetAt', type: 'bigint', isNullable: false }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_limit');
  }
}
