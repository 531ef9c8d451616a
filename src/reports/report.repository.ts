import { Injectable } from '@nestjs/common';
import { RawSql } from '../database/raw-sql.js';
import { REQUESTER_CATEGORY, ReportTallies, monthRow, nextMonth } from './report-tallies.js';

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

export interface Figures {
  headline: Headline;
  groups: GroupCount[];
  durations: Durations[];
  waiting: Waiting;
  experts: GroupCount[];
}

/** Tallies whose key is a category shown as it is ('' where the inquiry had none: 'unknown'). */
const SHOWN = ['uncat', 'opcat', 'language', 'topic', 'outcome'];
const METRICS = ['acknowledgement', 'firstReply', 'closure'];
const SUMS = ['received', 'closed', 'declined', 'onTime', 'answered', 'closedReceived', 'pausedSeconds', 'openMs', 'pastDue'];
const READ = [...SHOWN, ...METRICS, ...SUMS, 'country', 'org', 'engaged'];

/**
 * The report's figures for a period, read from the tallies by day (see ReportTallies): one
 * statement summing a few rows per day of the period, whatever the number of inquiries. The
 * breakdowns by region, UN group, tag, kind of institution and topic group are joined at reading
 * from the current reference tables, so a State or a topic corrected counts at once. Keys that
 * are NULL (a State with no region, an inquiry older than the treaty snapshot) come back as 'unknown'.
 */
@Injectable()
export class ReportRepository {
  constructor(
    private readonly sql: RawSql,
    private readonly tallies: ReportTallies,
  ) {}

  async figures(p: Period, now: string): Promise<Figures> {
    await this.tallies.refresh();
    const [from, until] = [p.from.slice(0, 10), p.until.slice(0, 10)];
    const parts = splitByMonths(from, until);
    const dimensions = READ.map((d) => `'${d}'`).join(', ');
    const joined = (dimension: string, key: string, join: string, tally: string) =>
      `SELECT '${dimension}' AS dimension, COALESCE(${key}, 'unknown') AS key, SUM(t.n) AS n FROM t ${join} WHERE t.dimension = '${tally}' GROUP BY COALESCE(${key}, 'unknown')`;
    const distinct = (dimension: string, tally: string) => `SELECT '${dimension}', '', COUNT(*) FROM t WHERE t.dimension = '${tally}' AND t.key <> '' AND t.n > 0`;
    const before = (tally: string) => `(SELECT COALESCE(SUM(n), 0) FROM report_tally WHERE dimension = '${tally}' AND day < ?)`;
    const rows = await this.sql.all<{ dimension: string; key: string; n: unknown }>(
      `WITH t AS MATERIALIZED (
         SELECT dimension, key, SUM(n) AS n FROM (
           SELECT dimension, key, n FROM report_tally WHERE dimension IN (${dimensions}) AND day >= ? AND day < ?
           UNION ALL SELECT dimension, key, n FROM report_tally WHERE dimension IN (${dimensions}) AND day >= ? AND day < ?
           UNION ALL SELECT dimension, key, n FROM report_tally WHERE dimension IN (${dimensions}) AND day >= ? AND day < ?
         ) parts GROUP BY dimension, key
       )
       SELECT dimension, key, n FROM t WHERE t.dimension IN (${[...SHOWN, ...METRICS, ...SUMS, 'engaged'].map((d) => `'${d}'`).join(', ')})
       UNION ALL SELECT 'month', substr(day, 1, 7), SUM(n) FROM report_tally WHERE dimension = 'received' AND day >= ? AND day < ? GROUP BY substr(day, 1, 7)
       UNION ALL ${joined('region', 'c."m49Region"', 'LEFT JOIN country c ON c.code = t.key', 'country')}
       UNION ALL ${joined('unGroup', 'c."unRegionalGroup"', 'LEFT JOIN country c ON c.code = t.key', 'country')}
       UNION ALL ${joined('tag', 'ct.tag', 'JOIN country_tag ct ON ct."countryCode" = t.key', 'country')}
       UNION ALL ${joined('institution', 'o.kind', 'LEFT JOIN organization o ON o.id = t.key', 'org')}
       UNION ALL ${joined('requesterCategory', REQUESTER_CATEGORY, 'LEFT JOIN organization o ON o.id = t.key', 'org')}
       UNION ALL ${joined('topicGroup', 'tp."group"', 'LEFT JOIN topic tp ON tp.slug = t.key', 'topic')}
       UNION ALL ${distinct('states', 'country')}
       UNION ALL ${distinct('institutions', 'org')}
       UNION ALL SELECT 'openAtEnd', '', ${before('received')} - ${before('closed')}
       UNION ALL SELECT 'dueLater', '', COALESCE(SUM(n), 0) FROM report_tally WHERE dimension = 'dueAt' AND day >= ? AND day < ? AND key < ?`,
      [...parts.flat(), from, until, until, until, from, until, now],
    );
    const all = rows.map((r) => ({ dimension: r.dimension, key: SHOWN.includes(r.dimension) && r.key === '' ? 'unknown' : r.key, n: Number(r.n) }));
    const total = (dimension: string) => all.filter((g) => g.dimension === dimension).reduce((s, g) => s + g.n, 0);
    return {
      headline: { received: total('received'), closed: total('closed'), openAtEnd: total('openAtEnd'), states: total('states'), institutions: total('institutions') },
      groups: all,
      durations: METRICS.map((metric) =>
        percentiles(
          metric,
          all.filter((g) => g.dimension === metric),
        ),
      ),
      waiting: {
        onTime: total('onTime'),
        due: total('answered') + total('pastDue') + total('dueLater'),
        closed: total('closedReceived'),
        requesterSeconds: total('pausedSeconds'),
        secretariatSeconds: Math.round(total('openMs') / 1000 - total('pausedSeconds')),
      },
      experts: [...loads(all.filter((g) => g.dimension === 'engaged')), { dimension: 'declined', key: 'declined', n: total('declined') }],
    };
  }
}

/**
 * The period's days [from, until) as three ranges of report_tally's rows: the days before its
 * first whole month, its whole months (their roll-ups, see monthRow), the days after the last.
 * A range may be empty (from = to).
 */
export function splitByMonths(from: string, until: string): Array<[string, string]> {
  const firstWhole = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const endWhole = until.slice(0, 7);
  if (firstWhole >= endWhole)
    return [
      [from, until],
      ['', ''],
      ['', ''],
    ];
  return [
    [from, `${firstWhole}-01`],
    [monthRow(firstWhole), monthRow(endWhole)],
    [`${endWhole}-01`, until],
  ];
}

/** Median and 90th percentile (nearest rank) of a duration, to the resolution of its buckets (keyed by the seconds they stand for). */
function percentiles(metric: string, buckets: GroupCount[]): Durations {
  const sorted = buckets.map((b) => ({ seconds: Number(b.key), n: b.n })).sort((a, b) => a.seconds - b.seconds);
  const n = sorted.reduce((s, b) => s + b.n, 0);
  const rank = (p: number) => {
    let seen = 0;
    for (const b of sorted) if ((seen += b.n) >= p * n) return b.seconds;
    return null;
  };
  return { metric, n, p50: n ? rank(0.5) : null, p90: n ? rank(0.9) : null };
}

/** Experts engaged (accepted or completed an assignment on an inquiry received in the period), by load. */
function loads(experts: GroupCount[]): GroupCount[] {
  const bucket = (n: number) => (n === 1 ? '1' : n === 2 ? '2' : n <= 5 ? '3-5' : '6+');
  const out = new Map<string, number>();
  for (const e of experts) if (e.n > 0) out.set(bucket(e.n), (out.get(bucket(e.n)) ?? 0) + 1);
  return [...out].map(([key, n]) => ({ dimension: 'load', key, n }));
}
