import { MigrationInterface, QueryRunner } from 'typeorm';

const intakeDay = (row: 'NEW' | 'OLD') => `INSERT INTO report_dirty (day) SELECT substr(i."createdAt", 1, 10) FROM inquiry i WHERE i.id = ${row}."inquiryId";`;

/**
 * The report's log of changed days (ReportTallies) no longer marks a day when a primary topic row
 * is inserted: the mark was always made twice. A topic row is inserted only by an intake, in the
 * transaction that inserts the inquiry (whose own trigger marks the same day, the day it came in),
 * or by a re-classification, which deletes the inquiry's topic rows first (the delete trigger marks
 * that day). Each intake thus wrote two markers of one day, and PostgreSQL ran a plpgsql trigger
 * (a query and an insert into two b-trees) for the second: the two report triggers of an intake
 * were a twentieth of its PostgreSQL CPU (perf, PERFORMANCE.md). The delete and update triggers
 * stay. Down puts the insert trigger back.
 */
export class ReportTopicInsertUnmarked1769910000000 implements MigrationInterface {
  name = 'ReportTopicInsertUnmarked1769910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(q.connection.options.type === 'postgres' ? 'DROP TRIGGER report_topic_insert ON inquiry_topic' : 'DROP TRIGGER report_topic_insert');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') {
      // report_mark_intake() is still there: the delete and update triggers run it.
      await q.query(`CREATE TRIGGER report_topic_insert AFTER INSERT ON inquiry_topic FOR EACH ROW WHEN (NEW.position = 0) EXECUTE FUNCTION report_mark_intake()`);
      return;
    }
    await q.query(`CREATE TRIGGER report_topic_insert AFTER INSERT ON inquiry_topic WHEN NEW.position = 0 BEGIN ${intakeDay('NEW')} END`);
  }
}
