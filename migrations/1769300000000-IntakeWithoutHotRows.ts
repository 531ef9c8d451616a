import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { intColumn, stringColumn } from './support.js';

/**
 * The counts of inquiries by status, spread over shards (issue 16). Every intake added one to the
 * single `submitted` row and held its lock until commit, so on PostgreSQL intakes ran one at a
 * time however many connections or instances the service had. Each status now has several rows
 * (status, shard); a command adds to the shard of its connection (PostgreSQL: the server process id,
 * so that two open transactions never share a row; SQLite, one writer anyway, keeps shard 0), and
 * a list's total is their sum. A shard may go below zero (a move takes one from a shard that never
 * got it): only the sum means something.
 *
 * The year's reference counter (`reference_counter`) stays for SQLite; PostgreSQL takes reference
 * numbers from a SEQUENCE per year, created on first use from that counter (see RawSql.nextNumber).
 */
export class IntakeWithoutHotRows1769300000000 implements MigrationInterface {
  name = 'IntakeWithoutHotRows1769300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'inquiry_status_tally',
        columns: [{ ...stringColumn('status', 24), isPrimary: true }, { ...intColumn('shard'), isPrimary: true }, intColumn('n')],
      }),
    );
    await q.query('INSERT INTO inquiry_status_tally (status, shard, n) SELECT status, 0, n FROM inquiry_status_count');
    await q.dropTable('inquiry_status_count');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'inquiry_status_count', columns: [{ ...stringColumn('status', 24), isPrimary: true }, intColumn('n')] }));
    await q.query('INSERT INTO inquiry_status_count (status, n) SELECT status, SUM(n) FROM inquiry_status_tally GROUP BY status');
    await q.dropTable('inquiry_status_tally');
  }
}
