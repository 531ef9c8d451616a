import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of an inquiry a report reads: a change to any other (status, subject, updatedAt) leaves the tallies as they are. */
const REPORTED_COLUMNS = [
  'createdAt',
  'closedAt',
  'outcome',
  'firstReplyAt',
  'acknowledgedAt',
  'slaDueAt',
  'pausedSeconds',
  'language',
  'country',
  'organizationId',
  'intakeUncatStatus',
  'intakeOpcatStatus',
];

const day = (row: 'NEW' | 'OLD', column: string) => `substr(${row}."${column}", 1, 10)`;

/**
 * Reports (W7, issue 20): per-day tallies of everything a report shows, so that a year's report
 * sums a few thousand kept rows instead of grouping 100,000 inquiries. Triggers append the day an
 * inquiry came in (and the day it was closed) to an insert-only log on every change a report
 * depends on, whatever wrote it (a command, a retention purge, the bench's bulk seed); a report
 * first recomputes the days logged (ReportTallies). The log is insert-only on purpose: an upsert of
 * a shared row by every command would serialise commands on PostgreSQL (issue 16).
 *
 * The tally's key is (dimension, day, key) rather than (day, ...): a report reads one dimension
 * over a range of days, which is then one range of the primary key (WITHOUT ROWID on SQLite).
 */
export class ReportTallies1769600000000 implements MigrationInterface {
  name = 'ReportTallies1769600000000';

  async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    await q.query(
      `CREATE TABLE report_tally (dimension varchar(16) NOT NULL, day varchar(10) NOT NULL, key varchar(64) NOT NULL, n bigint NOT NULL, PRIMARY KEY (dimension, day, key))${pg ? '' : ' WITHOUT ROWID'}`,
    );
    await q.query(`CREATE INDEX ix_report_tally_day ON report_tally (day)`);
    await q.query(`CREATE TABLE report_dirty (id ${pg ? 'bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'}, day varchar(10) NOT NULL)`);
    // The inquiries already in: every day they came in or were closed is logged, and the first report folds them.
    await q.query(
      `INSERT INTO report_dirty (day) SELECT d FROM (SELECT substr("createdAt", 1, 10) AS d FROM inquiry UNION SELECT substr("closedAt", 1, 10) FROM inquiry) days WHERE d IS NOT NULL ORDER BY d`,
    );
    const changed = (not: string) => REPORTED_COLUMNS.map((c) => `OLD."${c}" ${not} NEW."${c}"`).join(' OR ');
    const inquiryDays = (rows: Array<'NEW' | 'OLD'>) =>
      `INSERT INTO report_dirty (day) SELECT d FROM (${rows.flatMap((r) => [`SELECT ${day(r, 'createdAt')} AS d`, `SELECT ${day(r, 'closedAt')}`]).join(' UNION ')}) days WHERE d IS NOT NULL;`;
    const intakeDay = (row: 'NEW' | 'OLD') => `INSERT INTO report_dirty (day) SELECT substr(i."createdAt", 1, 10) FROM inquiry i WHERE i.id = ${row}."inquiryId";`;
    if (pg) {
      await q.query(`CREATE FUNCTION report_mark_inquiry() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP = 'INSERT' THEN ${inquiryDays(['NEW'])}
        ELSIF TG_OP = 'DELETE' THEN ${inquiryDays(['OLD'])}
        ELSE ${inquiryDays(['OLD', 'NEW'])}
        END IF; RETURN NULL; END $$`);
      // An inquiry removed takes its topics and assignments with it: its own trigger marks its days.
      await q.query(`CREATE FUNCTION report_mark_intake() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF TG_OP <> 'DELETE' THEN ${intakeDay('NEW')} END IF;
        IF TG_OP <> 'INSERT' THEN ${intakeDay('OLD')} END IF;
        RETURN NULL; END $$`);
      await q.query(`CREATE TRIGGER report_inquiry_write AFTER INSERT OR DELETE ON inquiry FOR EACH ROW EXECUTE FUNCTION report_mark_inquiry()`);
      await q.query(`CREATE TRIGGER report_inquiry_update AFTER UPDATE ON inquiry FOR EACH ROW WHEN (${changed('IS DISTINCT FROM')}) EXECUTE FUNCTION report_mark_inquiry()`);
      // Only the primary topic (position 0) is reported.
      await q.query(`CREATE TRIGGER report_topic_insert AFTER INSERT ON inquiry_topic FOR EACH ROW WHEN (NEW.position = 0) EXECUTE FUNCTION report_mark_intake()`);
      await q.query(`CREATE TRIGGER report_topic_delete AFTER DELETE ON inquiry_topic FOR EACH ROW WHEN (OLD.position = 0) EXECUTE FUNCTION report_mark_intake()`);
      await q.query(
        `CREATE TRIGGER report_topic_update AFTER UPDATE ON inquiry_topic FOR EACH ROW WHEN ((OLD.position = 0 OR NEW.position = 0) AND OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION report_mark_intake()`,
      );
      await q.query(`CREATE TRIGGER report_assignment_write AFTER INSERT OR DELETE ON assignment FOR EACH ROW EXECUTE FUNCTION report_mark_intake()`);
      await q.query(
        `CREATE TRIGGER report_assignment_update AFTER UPDATE ON assignment FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD."expertId" IS DISTINCT FROM NEW."expertId" OR OLD."inquiryId" IS DISTINCT FROM NEW."inquiryId") EXECUTE FUNCTION report_mark_intake()`,
      );
      return;
    }
    await q.query(`CREATE TRIGGER report_inquiry_insert AFTER INSERT ON inquiry BEGIN ${inquiryDays(['NEW'])} END`);
    await q.query(`CREATE TRIGGER report_inquiry_delete AFTER DELETE ON inquiry BEGIN ${inquiryDays(['OLD'])} END`);
    await q.query(`CREATE TRIGGER report_inquiry_update AFTER UPDATE ON inquiry WHEN ${changed('IS NOT')} BEGIN ${inquiryDays(['OLD', 'NEW'])} END`);
    // Only the primary topic (position 0) is reported.
    await q.query(`CREATE TRIGGER report_topic_insert AFTER INSERT ON inquiry_topic WHEN NEW.position = 0 BEGIN ${intakeDay('NEW')} END`);
    await q.query(`CREATE TRIGGER report_topic_delete AFTER DELETE ON inquiry_topic WHEN OLD.position = 0 BEGIN ${intakeDay('OLD')} END`);
    await q.query(
      `CREATE TRIGGER report_topic_update AFTER UPDATE ON inquiry_topic WHEN (OLD.position = 0 OR NEW.position = 0) AND (OLD.position IS NOT NEW.position OR OLD."topicSlug" IS NOT NEW."topicSlug" OR OLD."inquiryId" IS NOT NEW."inquiryId") BEGIN ${intakeDay('OLD')} ${intakeDay('NEW')} END`,
    );
    await q.query(`CREATE TRIGGER report_assignment_insert AFTER INSERT ON assignment BEGIN ${intakeDay('NEW')} END`);
    await q.query(`CREATE TRIGGER report_assignment_delete AFTER DELETE ON assignment BEGIN ${intakeDay('OLD')} END`);
    await q.query(
      `CREATE TRIGGER report_assignment_update AFTER UPDATE ON assignment WHEN OLD.status IS NOT NEW.status OR OLD."expertId" IS NOT NEW."expertId" OR OLD."inquiryId" IS NOT NEW."inquiryId" BEGIN ${intakeDay('OLD')} ${intakeDay('NEW')} END`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const triggers = pg
      ? [
          'report_inquiry_write ON inquiry',
          'report_inquiry_update ON inquiry',
          'report_topic_insert ON inquiry_topic',
          'report_topic_delete ON inquiry_topic',
          'report_topic_update ON inquiry_topic',
          'report_assignment_write ON assignment',
          'report_assignment_update ON assignment',
        ]
      : [
          'report_inquiry_insert',
          'report_inquiry_delete',
          'report_inquiry_update',
          'report_topic_insert',
          'report_topic_delete',
          'report_topic_update',
          'report_assignment_insert',
          'report_assignment_delete',
          'report_assignment_update',
        ];
    for (const t of triggers) await q.query(`DROP TRIGGER ${t}`);
    if (pg) for (const f of ['report_mark_inquiry', 'report_mark_intake']) await q.query(`DROP FUNCTION ${f}()`);
    await q.query('DROP TABLE report_dirty');
    await q.query('DROP TABLE report_tally');
  }
}
