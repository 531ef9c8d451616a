import { Injectable } from '@nestjs/common';
import { RawSql } from '../database/raw-sql.js';
import { BLOCKS, BLOCK_DAYS, METRICS, REQUESTER_CATEGORY, ReportTallies, blockRow, fineDimension, monthRow, nextMonth, type Metric } from './report-tallies.js';

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
const DURATIONS = Object.keys(METRICS) as Metric[];
const SUMS = ['received', 'closed', 'declined', 'onTime', 'answered', 'closedReceived', 'pausedSeconds', 'openMs', 'pastDue'];
const READ = [...SHOWN, ...DURATIONS, ...SUMS, 'country', 'org', 'engaged'];

/**
 * The report's figures for a period, read from the tallies (see ReportTallies): one statement
 * summing the rows of the period's months, blocks and days, whatever the number of inquiries, and
 * one reading the fine buckets the percentiles of the durations need. The
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
    const parts = splitPeriod(from, until);
    const scan = this.inParts(READ, parts);
    const joined = (dimension: string, key: string, join: string, tally: string) =>
      `SELECT '${dimension}' AS dimension, COALESCE(${key}, 'unknown') AS key, SUM(t.n) AS n FROM t ${join} WHERE t.dimension = '${tally}' GROUP BY COALESCE(${key}, 'unknown')`;
    const distinct = (dimension: string, tally: string) => `SELECT '${dimension}', '', COUNT(*) FROM t WHERE t.dimension = '${tally}' AND t.key <> '' AND t.n > 0`;
    const before = (tally: string) => `(SELECT COALESCE(SUM(n), 0) FROM report_tally WHERE dimension = '${tally}' AND day < ?)`;
    const rows = await this.sql.all<{ dimension: string; key: string; n: unknown }>(
      `WITH t AS MATERIALIZED (
         SELECT dimension, key, SUM(n) AS n FROM (${scan.sql}) parts GROUP BY dimension, key
       )
       SELECT dimension, key, n FROM t WHERE t.dimension IN (${[...SHOWN, ...DURATIONS, ...SUMS, 'engaged'].map((d) => `'${d}'`).join(', ')})
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
      [...scan.params, from, until, until, until, from, until, now],
    );
    const all = rows.map((r) => ({ dimension: r.dimension, key: SHOWN.includes(r.dimension) && r.key === '' ? 'unknown' : r.key, n: Number(r.n) }));
    const total = (dimension: string) => all.filter((g) => g.dimension === dimension).reduce((s, g) => s + g.n, 0);
    return {
      headline: { received: total('received'), closed: total('closed'), openAtEnd: total('openAtEnd'), states: total('states'), institutions: total('institutions') },
      groups: all,
      durations: await this.durations(all, parts),
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

  /**
   * The rows of some dimensions over the ranges of splitPeriod. SQLite reads each range of the
   * primary key in turn from a UNION ALL (an OR of the ranges it reads as the whole dimension, 7
   * times slower, measured); PostgreSQL runs such a UNION ALL as a Parallel Append whose workers
   * cost more to start than the scans on a loaded machine, and reads the OR as one bitmap scan.
   */
  private inParts(dimensions: string[], parts: Array<[string, string]>): { sql: string; params: string[] } {
    const names = dimensions.map(() => '?').join(', ');
    if (this.sql.postgres)
      return {
        sql: `SELECT dimension, key, n FROM report_tally WHERE dimension IN (${names}) AND (${parts.map(() => '(day >= ? AND day < ?)').join(' OR ')})`,
        params: [...dimensions, ...parts.flat()],
      };
    return {
      sql: parts.map(() => `SELECT dimension, key, n FROM report_tally WHERE dimension IN (${names}) AND day >= ? AND day < ?`).join(' UNION ALL '),
      params: parts.flatMap((range) => [...dimensions, ...range]),
    };
  }

  /**
   * Median and 90th percentile (nearest rank) of each duration, to the resolution of its fine
   * buckets, reading only the fine buckets of the coarse ones the two ranks fall in: the coarse
   * buckets (summed with the other figures) tell which, and how many durations lie below them.
   */
  private async durations(all: GroupCount[], parts: Array<[string, string]>): Promise<Durations[]> {
    const ranks = DURATIONS.map((metric) => {
      const coarse = all
        .filter((g) => g.dimension === metric)
        .map((g) => ({ c: Number(g.key), n: g.n }))
        .sort((a, b) => a.c - b.c);
      const n = coarse.reduce((s, b) => s + b.n, 0);
      const find = (p: number) => {
        let seen = 0;
        for (const b of coarse)
          if (seen + b.n >= p * n) return { dimension: fineDimension(metric, b.c), before: seen, rank: p * n };
          else seen += b.n;
        return null;
      };
      return { metric, n, p50: n ? find(0.5) : null, p90: n ? find(0.9) : null };
    });
    // Read even when no duration is found, so that a report runs the same statements whatever its period holds.
    const found = ranks.flatMap((r) => [r.p50?.dimension, r.p90?.dimension]).filter((d) => d !== undefined);
    const wanted = found.length ? [...new Set(found)] : [''];
    const fineScan = this.inParts(wanted, parts);
    const fine = await this.sql.all<{ dimension: string; key: unknown; n: unknown }>(
      `SELECT dimension, key, SUM(n) AS n FROM (${fineScan.sql}) parts GROUP BY dimension, key`,
      fineScan.params,
    );
    const seconds = (at: { dimension: string; before: number; rank: number } | null) => {
      if (!at) return null;
      const buckets = fine
        .filter((f) => f.dimension === at.dimension)
        .map((f) => ({ seconds: Number(f.key), n: Number(f.n) }))
        .sort((a, b) => a.seconds - b.seconds);
      let seen = at.before;
      for (const b of buckets) if ((seen += b.n) >= at.rank) return b.seconds;
      return null;
    };
    return ranks.map((r) => ({ metric: r.metric, n: r.n, p50: seconds(r.p50), p90: seconds(r.p90) }));
  }
}

const NONE: [string, string] = ['', ''];

/**
 * The period's days [from, until) as seven ranges of report_tally's rows (a range may be empty):
 * the part of the period before its first whole month, as days, a month's blocks (see blockRow),
 * days; its whole months (their roll-ups, see monthRow); the part after them, again as days,
 * blocks and days. A year's report so reads eleven or twelve months, a few blocks and at most some
 * twenty days, rather than the thirty-odd days of two partial months.
 */
export function splitPeriod(from: string, until: string): Array<[string, string]> {
  const firstWhole = from.endsWith('-01') ? from.slice(0, 7) : nextMonth(from.slice(0, 7));
  const endWhole = until.slice(0, 7);
  if (firstWhole < endWhole) return [...inMonth(from, `${firstWhole}-01`), [monthRow(firstWhole), monthRow(endWhole)], ...inMonth(`${endWhole}-01`, until)];
  // No whole month: the period lies in the month of `from` and perhaps the next.
  const cut = `${nextMonth(from.slice(0, 7))}-01`;
  return until <= cut ? [...inMonth(from, until), NONE, NONE, NONE, NONE] : [...inMonth(from, cut), NONE, ...inMonth(cut, until)];
}

/** Days [a, b) within one month (b may be the first of the next) as days, whole blocks, days. */
function inMonth(a: string, b: string): Array<[string, string]> {
  const month = a.slice(0, 7);
  const first = Number(a.slice(8, 10));
  const end = b.startsWith(month) ? Number(b.slice(8, 10)) : 32;
  // Block w (1 to BLOCKS) holds the days 7(w-1)+1 to 7w.
  const low = Math.ceil((first - 1) / BLOCK_DAYS) + 1;
  const high = Math.min(BLOCKS, Math.floor((end - 1) / BLOCK_DAYS));
  if (low > high) return [[a, b], NONE, NONE];
  const day = (d: number) => `${month}-${String(d).padStart(2, '0')}`;
  return [
    [a, day(BLOCK_DAYS * (low - 1) + 1)],
    [blockRow(month, low), blockRow(month, high + 1)],
    [day(BLOCK_DAYS * high + 1), b],
  ];
}

/** Experts engaged (accepted or completed an assignment on an inquiry received in the period), by load. */
function loads(experts: GroupCount[]): GroupCount[] {
  const bucket = (n: number) => (n === 1 ? '1' : n === 2 ? '2' : n <= 5 ? '3-5' : '6+');
  const out = new Map<string, number>();
  for (const e of experts) if (e.n > 0) out.set(bucket(e.n), (out.get(bucket(e.n)) ?? 0) + 1);
  return [...out].map(([key, n]) => ({ dimension: 'load', key, n }));
}
