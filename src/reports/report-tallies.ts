import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { EntityManager } from 'typeorm';
import { BackgroundTask } from '../common/background-task.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RawSql } from '../database/raw-sql.js';
import { TransactionRunner } from '../database/transaction-runner.js';

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
/** Days recomputed per statement (two parameters each). */
const DAYS_PER_STATEMENT = 200;
/**
 * Days folded per transaction (see refresh). At the bench's 270 inquiries a day (100,000 over
 * 420 days, all to fold again) the longest transaction took 45 ms on SQLite and 120 to 480 ms on
 * PostgreSQL on a loaded machine, against 1.2 and 13 s for the whole backlog in one (test/bench/fold.ts).
 */
export const FOLD_DAYS = 7;
/** Serialises folds on PostgreSQL; only reports and the background fold take it, never a command. */
const FOLD_LOCK = 2_026_020;

/** What a refresh did: its transactions, the days they folded, and the longest one's work in milliseconds. */
export interface FoldStats {
  transactions: number;
  days: number;
  longestMs: number;
}

/** Durations are kept exact below this many seconds, above it in buckets 1 % wide (see `bucket`). */
export const EXACT_BELOW_SECONDS = 120;
const STEP = 'LN(1.01)';
/** Each duration bucket also counts in a coarse one, 25 % wide (see `coarse`): some twenty fine buckets to a coarse one. */
const COARSE_STEP = 'LN(1.25)';

/**
 * The durations reported (the tally's dimension for their coarse buckets) and the prefix of the
 * dimensions of their fine buckets: 'ack~12' holds the fine buckets of coarse bucket 12.
 */
export const METRICS = { acknowledgement: 'ack', firstReply: 'reply', closure: 'closure' } as const;
export type Metric = keyof typeof METRICS;
export const fineDimension = (metric: Metric, coarse: number): string => `${METRICS[metric]}~${coarse}`;

/** Who asked, as the reports group institutions: the State itself, its independent institutions, others. */
export const REQUESTER_CATEGORY = `CASE o.kind WHEN 'national-human-rights-institution' THEN 'nhri-npm' WHEN 'national-preventive-mechanism' THEN 'nhri-npm' WHEN 'other' THEN 'other' ELSE 'state' END`;

/**
 * The report's tallies by day (report_tally): what a day's intake became (received, by State,
 * institution, treaty status at intake, language, primary topic; experts engaged; timeliness;
 * durations in coarse and fine buckets) and what was closed that day (by outcome). Triggers log every day a change
 * touched (report_dirty, see the ReportTallies migration); before a report reads the tallies, and
 * every minute in the background, the days logged are recomputed from the inquiry rows by the same
 * grouped statements a report used to run over its whole period, restricted to those days; then
 * the blocks and months holding them are summed again.
 */
@Injectable()
export class ReportTallies implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: BackgroundTask;
  private readonly logger = new Logger(ReportTallies.name);
  private stopping = false;

  constructor(
    private readonly sql: RawSql,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.task = new BackgroundTask(scheduler, 'report-tallies', () => this.refresh(() => this.stopping), this.logger);
  }

  onApplicationBootstrap(): void {
    // Off where the background jobs are (tests): a report folds what it needs itself.
    if (this.config.notify.intervalMs > 0) this.task.start(MINUTE);
  }

  onApplicationShutdown(): Promise<void> {
    // A long backlog is left between two transactions, for the next start to go on with.
    this.stopping = true;
    return this.task.stop();
  }

  /**
   * Brings every day logged before the call up to date, a few days per transaction (FOLD_DAYS):
   * each transaction takes the markers of the earliest days logged, recomputes those days and
   * the blocks and months holding them, and commits; then the next. So a long backlog (every day
   * of the archive, after a migration that empties the tallies) never holds SQLite's one writer,
   * or a PostgreSQL transaction, for more than a few days' recomputation, and a crash loses at most
   * the transaction in hand: the days not yet folded keep their markers. A day folded twice is
   * recomputed, never added to. Markers logged after the call began are left for the next fold,
   * so that a report does not chase the commands that go on meanwhile. One cheap statement when
   * nothing changed. `stop` (the background task, at shutdown) ends it between two transactions.
   */
  async refresh(stop: () => boolean = () => false): Promise<FoldStats> {
    const stats: FoldStats = { transactions: 0, days: 0, longestMs: 0 };
    const last = await this.sql.one<{ last: unknown }>('SELECT MAX(id) AS last FROM report_dirty');
    if (last?.last === null || last?.last === undefined) return stats;
    const mark = Number(last.last);
    for (;;) {
      const { days, ms } = await this.tx.run(async (em) => {
        const start = performance.now();
        const folded = await this.fold(em, mark);
        return { days: folded, ms: performance.now() - start };
      });
      stats.transactions += 1;
      stats.days += days;
      stats.longestMs = Math.max(stats.longestMs, ms);
      // Fewer days than asked for: none logged up to the mark is left.
      if (days < FOLD_DAYS || stop()) return stats;
    }
  }

  /**
   * Takes the markers of the FOLD_DAYS earliest days logged up to `mark` (and any later marker of
   * those days), and recomputes those days; answers how many. A bulk load logs a marker per row
   * for a handful of days: the markers are read as their days, never one by one. Exactly the
   * markers read are removed: on PostgreSQL they are deleted first, under a lock that one fold at
   * a time holds (a marker not yet committed is not seen by the DELETE and stays for the next
   * fold); SQLite has one writer, and this runs in its write transaction.
   */
  private async fold(em: EntityManager, mark: number): Promise<number> {
    let days: string[];
    if (this.sql.postgres) {
      // The planner takes the join of a few days' range with the inquiries for a ninth of the
      // table: it would hash the whole of inquiry_topic and assignment, and compile the statement
      // (JIT), some 300 ms a transaction at 100,000 inquiries, for a few thousand rows (measured).
      // For this transaction only: index lookups, no JIT.
      await em.query(`SELECT pg_advisory_xact_lock($1), set_config('jit', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`, [
        FOLD_LOCK,
      ]);
      const rows = await this.sql.all<{ day: string }>(
        `WITH picked AS (SELECT DISTINCT day FROM report_dirty WHERE id <= ? ORDER BY day LIMIT ${FOLD_DAYS}),
           gone AS (DELETE FROM report_dirty d USING picked p WHERE d.day = p.day RETURNING d.day)
         SELECT DISTINCT day FROM gone`,
        [mark],
        em,
      );
      days = rows.map((r) => r.day);
    } else {
      const rows = await this.sql.all<{ day: string }>(`SELECT DISTINCT day FROM report_dirty WHERE id <= ? ORDER BY day LIMIT ${FOLD_DAYS}`, [mark], em);
      days = rows.map((r) => r.day);
      if (days.length > 0) await this.sql.all(`DELETE FROM report_dirty WHERE day IN (${days.map(() => '?').join(', ')})`, days, em);
    }
    if (days.length > 0) await this.recomputeDays(em, days);
    return days.length;
  }

  /** The days' tallies from the inquiry rows, then the blocks and months holding them from their days. */
  private async recomputeDays(em: EntityManager, days: string[]): Promise<void> {
    days.sort();
    const now = this.clock.iso();
    for (let i = 0; i < days.length; i += DAYS_PER_STATEMENT) {
      const some = days.slice(i, i + DAYS_PER_STATEMENT);
      await this.sql.all(`DELETE FROM report_tally WHERE day IN (${some.map(() => '?').join(', ')})`, some, em);
      const bounds = [some[0], nextDay(some[some.length - 1])];
      await this.sql.all(this.recompute(some.length), [...some.flatMap((d) => [d, nextDay(d)]), ...bounds, now, now], em);
    }
    const blocks = new Set(days.filter((d) => Number(d.slice(8, 10)) <= BLOCKS * BLOCK_DAYS).map((d) => `${d.slice(0, 7)} ${Math.ceil(Number(d.slice(8, 10)) / BLOCK_DAYS)}`));
    for (const [month, block] of [...blocks].map((b) => [b.slice(0, 7), Number(b.slice(8))] as const)) {
      const start = BLOCK_DAYS * (block - 1) + 1;
      const dayOf = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
      await this.sql.all('DELETE FROM report_tally WHERE day = ?', [blockRow(month, block)], em);
      await this.sql.all(
        `INSERT INTO report_tally (dimension, day, key, n) SELECT dimension, ?, key, SUM(n) FROM report_tally WHERE day >= ? AND day < ? GROUP BY dimension, key`,
        [blockRow(month, block), dayOf(start), dayOf(start + BLOCK_DAYS)],
        em,
      );
    }
    for (const month of new Set(days.map((d) => d.slice(0, 7)))) {
      await this.sql.all('DELETE FROM report_tally WHERE day = ?', [monthRow(month)], em);
      await this.sql.all(
        `INSERT INTO report_tally (dimension, day, key, n) SELECT dimension, ?, key, SUM(n) FROM report_tally WHERE day >= ? AND day < ? GROUP BY dimension, key`,
        [monthRow(month), `${month}-01`, `${nextMonth(month)}-01`],
        em,
      );
    }
  }

  private seconds(from: string, to: string): string {
    return this.sql.postgres ? `EXTRACT(EPOCH FROM (CAST(${to} AS timestamptz) - CAST(${from} AS timestamptz)))` : `((julianday(${to}) - julianday(${from})) * 86400.0)`;
  }

  /**
   * A duration's bucket, as the whole seconds it stands for: exact below two minutes, above them
   * 1.01 raised to the nearest whole power, so that a bucket's value is within half a per cent of
   * every duration in it.
   */
  private bucket(s: string): string {
    return `CAST(CASE WHEN ${s} < ${EXACT_BELOW_SECONDS} THEN ROUND(${s}) ELSE ROUND(EXP(ROUND(LN(${s}) / ${STEP}) * ${STEP})) END AS BIGINT)`;
  }

  /**
   * The coarse bucket of a fine one (its seconds `v`): 0 for none, else one more than the whole
   * powers of 1.25 below it. Computed from the fine bucket, so a fine bucket lies in exactly one
   * coarse one, and their order is the order of durations.
   */
  private coarse(v: string): string {
    return `CASE WHEN ${v} < 1 THEN 0 ELSE 1 + CAST(FLOOR(LN(${v}) / ${COARSE_STEP}) AS BIGINT) END`;
  }

  /**
   * One statement writing every tally of the days given (as `?` pairs: the day and the next), then
   * the first and the end of the last (closures are found by one pass over that range, having no
   * index of their own), then `now` twice: an unanswered inquiry already past its due moment is counted as such, one not yet
   * due is kept under that moment, for a report to count once it has passed. The assignments are
   * joined as CROSS JOIN ... WHERE, an inner join either way: SQLite then reads them by inquiry for
   * the few days' rows (it scanned the whole table otherwise, some 40 ms a statement at 100,000
   * inquiries, measured, whatever the number of days).
   */
  private recompute(days: number): string {
    const count = (dimension: string, key: string, from = 'r') => `SELECT '${dimension}', day, ${key}, COUNT(*) FROM ${from} GROUP BY day, ${key}`;
    const sum = (dimension: string, value: string) => `SELECT '${dimension}', day, '', SUM(${value}) FROM r GROUP BY day`;
    const key = (column: string) => `COALESCE(${column}, '')`;
    const s = (end: string) => this.seconds('r."createdAt"', `r."${end}"`);
    const unanswered = `r."firstReplyAt" IS NULL AND (r."closedAt" IS NULL OR r."closedAt" > r."slaDueAt")`;
    return `WITH days (day, "dayEnd") AS (VALUES ${Array.from({ length: days }, () => '(?, ?)').join(', ')}),
      r AS MATERIALIZED (
        SELECT d.day, i.id, i."createdAt", i."closedAt", i."organizationId", i.country, i.language, i."intakeUncatStatus", i."intakeOpcatStatus",
          i."acknowledgedAt", i."firstReplyAt", i."slaDueAt", i."pausedSeconds"
        FROM days d JOIN inquiry i ON i."createdAt" >= d.day AND i."createdAt" < d."dayEnd"
      ),
      c AS (SELECT d.day, i.outcome FROM inquiry i JOIN days d ON d.day = substr(i."closedAt", 1, 10) WHERE i."closedAt" >= ? AND i."closedAt" < ?),
      durations AS (
        SELECT day, 'acknowledgement' AS metric, '${METRICS.acknowledgement}' AS prefix, ${s('acknowledgedAt')} AS s FROM r WHERE r."acknowledgedAt" IS NOT NULL
        UNION ALL SELECT day, 'firstReply', '${METRICS.firstReply}', ${s('firstReplyAt')} FROM r WHERE r."firstReplyAt" IS NOT NULL
        UNION ALL SELECT day, 'closure', '${METRICS.closure}', ${s('closedAt')} FROM r WHERE r."closedAt" IS NOT NULL
      ),
      fine AS (SELECT day, metric, prefix, ${this.bucket('s')} AS v FROM durations),
      buckets AS (SELECT day, metric, prefix, v, ${this.coarse('v')} AS c FROM fine)
      INSERT INTO report_tally (dimension, day, key, n)
      SELECT 'received', day, '', COUNT(*) FROM r GROUP BY day
      UNION ALL ${count('country', key('r.country'))}
      UNION ALL ${count('org', key('r."organizationId"'))}
      UNION ALL ${count('uncat', key('r."intakeUncatStatus"'))}
      UNION ALL ${count('opcat', key('r."intakeOpcatStatus"'))}
      UNION ALL ${count('language', key('r.language'))}
      UNION ALL ${count('topic', key('t."topicSlug"'), 'r LEFT JOIN inquiry_topic t ON t."inquiryId" = r.id AND t.position = 0')}
      UNION ALL ${count('engaged', 'a."expertId"', `r CROSS JOIN assignment a WHERE a."inquiryId" = r.id AND a.status IN ('accepted', 'completed')`)}
      UNION ALL SELECT 'declined', day, '', COUNT(*) FROM r CROSS JOIN assignment a WHERE a."inquiryId" = r.id AND a.status = 'declined' GROUP BY day
      UNION ALL ${sum('onTime', `CASE WHEN r."firstReplyAt" IS NOT NULL AND r."firstReplyAt" <= r."slaDueAt" THEN 1 ELSE 0 END`)}
      UNION ALL ${sum('answered', `CASE WHEN r."firstReplyAt" IS NOT NULL THEN 1 ELSE 0 END`)}
      UNION ALL ${sum('closedReceived', `CASE WHEN r."closedAt" IS NOT NULL THEN 1 ELSE 0 END`)}
      UNION ALL ${sum('pausedSeconds', `CASE WHEN r."closedAt" IS NOT NULL THEN COALESCE(r."pausedSeconds", 0) ELSE 0 END`)}
      UNION ALL ${sum('openMs', `CASE WHEN r."closedAt" IS NOT NULL THEN CAST(ROUND(${s('closedAt')} * 1000) AS BIGINT) ELSE 0 END`)}
      UNION ALL ${sum('pastDue', `CASE WHEN r."slaDueAt" < ? AND ${unanswered} THEN 1 ELSE 0 END`)}
      UNION ALL SELECT 'dueAt', day, r."slaDueAt", COUNT(*) FROM r WHERE r."slaDueAt" >= ? AND ${unanswered} GROUP BY day, r."slaDueAt"
      UNION ALL SELECT metric, day, CAST(c AS VARCHAR(20)), COUNT(*) FROM buckets GROUP BY metric, day, c
      UNION ALL SELECT prefix || '~' || CAST(c AS VARCHAR(20)), day, CAST(v AS VARCHAR(20)), COUNT(*) FROM buckets GROUP BY prefix, c, day, v
      UNION ALL SELECT 'closed', day, '', COUNT(*) FROM c GROUP BY day
      UNION ALL ${count('outcome', key('c.outcome'), 'c')}`;
  }
}

/**
 * A month's roll-up of its days' tallies, kept under the day 'M2025-03': a year's report reads
 * twelve of them (and the days of its partial months) rather than 365 days' rows, which for the
 * durations' buckets were some hundred a day. 'M' sorts after every 'YYYY-MM-DD', so a range of
 * days never includes a month.
 */
export const monthRow = (month: string): string => `M${month}`;

/**
 * A block's roll-up: the first 28 days of a month in four blocks of seven days (days 29 to 31 are
 * read as days), kept under the day 'B2025-03w2' (days 8 to 14). 'B' sorts after every
 * 'YYYY-MM-DD' and before 'M', so ranges of days, blocks and months never mix. The part of a
 * period before or after its whole months reads its blocks and at most a few days on either side.
 */
export const BLOCK_DAYS = 7;
export const BLOCKS = 4;
export const blockRow = (month: string, block: number): string => `B${month}w${block}`;

/** The month after 'YYYY-MM'. */
export function nextMonth(month: string): string {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}
