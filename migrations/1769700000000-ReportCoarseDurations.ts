import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports (W7, issue 20): each duration is now tallied twice, in a coarse bucket 25 % wide (under
 * the metric's own dimension) and in its fine bucket 1 % wide (under a dimension per coarse
 * bucket, 'ack~12'), so that a report sums the coarse buckets and reads the fine ones of only the
 * two coarse buckets its median and 90th percentile fall in. The tallies are emptied and every day
 * an inquiry came in or was closed is logged: the next fold recomputes them all in the new shape.
 * Down does the same for the shape before.
 */
export class ReportCoarseDurations1769700000000 implements MigrationInterface {
  name = 'ReportCoarseDurations1769700000000';

  async up(q: QueryRunner): Promise<void> {
    await refold(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await refold(q);
  }
}

async function refold(q: QueryRunner): Promise<void> {
  await q.query('DELETE FROM report_tally');
  await q.query(
    `INSERT INTO report_dirty (day) SELECT d FROM (SELECT substr("createdAt", 1, 10) AS d FROM inquiry UNION SELECT substr("closedAt", 1, 10) FROM inquiry) days WHERE d IS NOT NULL ORDER BY d`,
  );
}
