import { Injectable } from '@nestjs/common';
import { RawSql } from '../database/raw-sql.js';

/** The period as the half-open interval of ISO moments [from, until). */
export interface Period {
  from: string;
  until: string;
}

export interface Headline {
  received: number;
  closed: number;
  openAtEnd: number;
  states: number;
  institutions: number;
}

export interface GroupCount {
  dimension: string;
  key: string;
  n: number;
}

export interface Durations {
  metric: string;
  n: number;
  p50: number | null;
  p90: number | null;
}

export interface Waiting {
  onTime: number;
  due: number;
  closed: number;
  requesterSeconds: number;
  secretariatSeconds: number;
}

/** Who asked, as the reports group institutions: the State itself, its independent institutions, others. */
const REQUESTER_CATEGORY = `CASE o.kind WHEN 'national-human-rights-institution' THEN 'nhri-npm' WHEN 'national-preventive-mechanism' THEN 'nhri-npm' WHEN 'other' THEN 'other' ELSE 'state' END`;

const RECEIVED = `i."createdAt" >= ? AND i."createdAt" < ?`;
const CLOSED = `i."closedAt" >= ? AND i."closedAt" < ?`;

/**
 * The report's figures, each a grouped statement in the database (five in all, whatever the
 * period or the number of inquiries): nothing here loads inquiries. Keys that are NULL (a State
 * with no region, an inquiry older than the treaty snapshot) come back as 'unknown'.
 */
@Injectable()
export class ReportRepository {
  constructor(private readonly sql: RawSql) {}

  private seconds(from: string, to: string): string {
    return this.sql.postgres ? `EXTRACT(EPOCH FROM (CAST(${to} AS timestamptz) - CAST(${from} AS timestamptz)))` : `((julianday(${to}) - julianday(${from})) * 86400.0)`;
  }

  async headline(p: Period): Promise<Headline> {
    const row = await this.sql.one<Record<keyof Headline, unknown>>(
      `SELECT
        (SELECT COUNT(*) FROM inquiry i WHERE ${RECEIVED}) AS received,
        (SELECT COUNT(*) FROM inquiry i WHERE ${CLOSED}) AS closed,
        (SELECT COUNT(*) FROM inquiry i WHERE i."createdAt" < ? AND (i."closedAt" IS NULL OR i."closedAt" >= ?)) AS "openAtEnd",
        (SELECT COUNT(DISTINCT i.country) FROM inquiry i WHERE ${RECEIVED}) AS states,
        (SELECT COUNT(DISTINCT i."organizationId") FROM inquiry i WHERE ${RECEIVED}) AS institutions`,
      [p.from, p.until, p.from, p.until, p.until, p.until, p.from, p.until, p.from, p.until],
    );
    return {
      received: Number(row!.received),
      closed: Number(row!.closed),
      openAtEnd: Number(row!.openAtEnd),
      states: Number(row!.states),
      institutions: Number(row!.institutions),
    };
  }

  /**
   * Every breakdown of the inquiries received in the period (outcomes: of those closed in it), in
   * one statement. The received inquiries are read once, from the narrow report index, and counted
   * by the finest key the breakdowns need (month, State, institution, treaty status at intake,
   * language, primary topic): a few thousand groups where there were 100,000 rows. The State's
   * regions and tags, the institution's kind and the topic's group are joined to those groups, and
   * each breakdown adds their exact counts up (suppression is applied to these sums afterwards).
   */
  async breakdowns(p: Period): Promise<GroupCount[]> {
    const by = (dimension: string, key: string, from = 'base b') =>
      `SELECT '${dimension}' AS dimension, COALESCE(${key}, 'unknown') AS key, SUM(b.n) AS n FROM ${from} GROUP BY COALESCE(${key}, 'unknown')`;
    const statements = [
      by('month', 'b.month'),
      by('region', 'b.region'),
      by('unGroup', 'b."unGroup"'),
      by('tag', 'ct.tag', 'base b JOIN country_tag ct ON ct."countryCode" = b.country'),
      by('institution', 'b.kind'),
      by('requesterCategory', REQUESTER_CATEGORY.replaceAll('o.kind', 'b.kind')),
      by('uncat', 'b.uncat'),
      by('opcat', 'b.opcat'),
      by('language', 'b.language'),
      by('topic', 'b.topic'),
      by('topicGroup', 'b."topicGroup"'),
      `SELECT 'outcome' AS dimension, COALESCE(i.outcome, 'unknown') AS key, COUNT(*) AS n FROM inquiry i WHERE ${CLOSED} GROUP BY COALESCE(i.outcome, 'unknown')`,
    ];
    const rows = await this.sql.all<{ dimension: string; key: string; n: unknown }>(
      `WITH r AS MATERIALIZED (
         SELECT i.id, substr(i."createdAt", 1, 7) AS month, i.country, i."organizationId" AS org, i."intakeUncatStatus" AS uncat, i."intakeOpcatStatus" AS opcat, i.language
         FROM inquiry i WHERE ${RECEIVED}
       ),
       g AS MATERIALIZED (
         SELECT r.month, r.country, r.org, r.uncat, r.opcat, r.language, t."topicSlug" AS topic, COUNT(*) AS n
         FROM r LEFT JOIN inquiry_topic t ON t."inquiryId" = r.id AND t.position = 0
         GROUP BY r.month, r.country, r.org, r.uncat, r.opcat, r.language, t."topicSlug"
       ),
       base AS MATERIALIZED (
         SELECT g.month, g.country, c."m49Region" AS region, c."unRegionalGroup" AS "unGroup", o.kind, g.uncat, g.opcat, g.language, g.topic, tp."group" AS "topicGroup", g.n
         FROM g
         JOIN organization o ON o.id = g.org
         LEFT JOIN country c ON c.code = g.country
         LEFT JOIN topic tp ON tp.slug = g.topic
       )
       ${statements.join(' UNION ALL ')}`,
      [p.from, p.until, p.from, p.until],
    );
    return rows.map((r) => ({ dimension: r.dimension, key: r.key, n: Number(r.n) }));
  }

  /**
   * Median and 90th percentile (nearest rank) of the time from intake to acknowledgement, to the
   * first reply the requester could read and to closure, over the inquiries received in the period.
   */
  async durations(p: Period): Promise<Durations[]> {
    const s = (end: string) => this.seconds('i."createdAt"', `i."${end}"`);
    const rows = await this.sql.all<{ metric: string; n: unknown; p50: unknown; p90: unknown }>(
      `WITH d AS (
         SELECT 'acknowledgement' AS metric, ${s('acknowledgedAt')} AS s FROM inquiry i WHERE ${RECEIVED} AND i."acknowledgedAt" IS NOT NULL
         UNION ALL SELECT 'firstReply' AS metric, ${s('firstReplyAt')} AS s FROM inquiry i WHERE ${RECEIVED} AND i."firstReplyAt" IS NOT NULL
         UNION ALL SELECT 'closure' AS metric, ${s('closedAt')} AS s FROM inquiry i WHERE ${RECEIVED} AND i."closedAt" IS NOT NULL
       ),
       r AS (SELECT metric, s, ROW_NUMBER() OVER (PARTITION BY metric ORDER BY s) AS rn, COUNT(*) OVER (PARTITION BY metric) AS n FROM d)
       SELECT metric, MAX(n) AS n, MIN(CASE WHEN rn >= 0.5 * n THEN s END) AS p50, MIN(CASE WHEN rn >= 0.9 * n THEN s END) AS p90 FROM r GROUP BY metric`,
      [p.from, p.until, p.from, p.until, p.from, p.until],
    );
    const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
    return rows.map((r) => ({ metric: r.metric, n: Number(r.n), p50: num(r.p50), p90: num(r.p90) }));
  }

  /**
   * Of the inquiries received in the period: how many were answered by their due moment (out of
   * those answered, and those still unanswered past it at `now` that had not ended before it), and for those closed, the time spent waiting on the
   * requester (the paused SLA clock) against the rest.
   */
  async waiting(p: Period, now: string): Promise<Waiting> {
    const open = this.seconds('i."createdAt"', 'i."closedAt"');
    const row = await this.sql.one<Record<keyof Waiting, unknown>>(
      `SELECT
        COALESCE(SUM(CASE WHEN i."firstReplyAt" IS NOT NULL AND i."firstReplyAt" <= i."slaDueAt" THEN 1 ELSE 0 END), 0) AS "onTime",
        COALESCE(SUM(CASE WHEN i."firstReplyAt" IS NOT NULL OR (i."slaDueAt" < ? AND (i."closedAt" IS NULL OR i."closedAt" > i."slaDueAt")) THEN 1 ELSE 0 END), 0) AS due,
        COALESCE(SUM(CASE WHEN i."closedAt" IS NOT NULL THEN 1 ELSE 0 END), 0) AS closed,
        COALESCE(SUM(CASE WHEN i."closedAt" IS NOT NULL THEN COALESCE(i."pausedSeconds", 0) ELSE 0 END), 0) AS "requesterSeconds",
        COALESCE(SUM(CASE WHEN i."closedAt" IS NOT NULL THEN ${open} - COALESCE(i."pausedSeconds", 0) ELSE 0 END), 0) AS "secretariatSeconds"
       FROM inquiry i WHERE ${RECEIVED}`,
      [now, p.from, p.until],
    );
    return {
      onTime: Number(row!.onTime),
      due: Number(row!.due),
      closed: Number(row!.closed),
      requesterSeconds: Math.round(Number(row!.requesterSeconds)),
      secretariatSeconds: Math.round(Number(row!.secretariatSeconds)),
    };
  }

  /** Experts engaged (accepted or completed an assignment on an inquiry received in the period), by load; assignments declined. */
  async experts(p: Period): Promise<GroupCount[]> {
    const on = `FROM assignment a JOIN inquiry i ON i.id = a."inquiryId" WHERE ${RECEIVED}`;
    const bucket = `CASE WHEN e.n = 1 THEN '1' WHEN e.n = 2 THEN '2' WHEN e.n <= 5 THEN '3-5' ELSE '6+' END`;
    const rows = await this.sql.all<GroupCount & { n: unknown }>(
      `SELECT 'load' AS dimension, ${bucket} AS key, COUNT(*) AS n
         FROM (SELECT a."expertId", COUNT(*) AS n ${on} AND a.status IN ('accepted', 'completed') GROUP BY a."expertId") e GROUP BY ${bucket}
       UNION ALL SELECT 'declined' AS dimension, 'declined' AS key, COUNT(*) AS n ${on} AND a.status = 'declined'`,
      [p.from, p.until, p.from, p.until],
    );
    return rows.map((r) => ({ dimension: r.dimension, key: r.key, n: Number(r.n) }));
  }
}
