import { Inject, Injectable } from '@nestjs/common';
import { AccessPolicy } from '../access/access-policy.js';
import { enforce } from '../access/decision.js';
import { Clock } from '../common/clock.js';
import type { Viewer } from '../common/viewer.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { TREATY_STATUSES, UN_REGIONAL_GROUPS } from '../countries/country.entity.js';
import { ORGANIZATION_KINDS } from '../identity/organization.entity.js';
import { INQUIRY_LANGUAGES, SECRETARIAT_OUTCOMES } from '../common/workflow.js';
import type { ReportQuery } from './dto/report.query.js';
import { ReportRepository, type Durations, type GroupCount, type Period } from './report.repository.js';
import { BREAKDOWNS, type Breakdown, type BreakdownsView, type DurationView, type FigureView, type ReportView, type TableView } from './report.view.js';
import { suppressCounts, suppressFigure, suppressPartition, type Cell } from './suppression.js';
import { refuse } from '../common/errors/refusal.js';

const DAY_MS = 86_400_000;
const MAX_YEARS = 10;

/** The categories every report lists, even at zero, so that tables and charts keep their shape from one period to the next. */
const FIXED_KEYS: Partial<Record<Breakdown | 'load', readonly string[]>> = {
  region: ['Africa', 'Americas', 'Asia', 'Europe', 'Oceania'],
  unGroup: UN_REGIONAL_GROUPS,
  institution: ORGANIZATION_KINDS,
  requesterCategory: ['state', 'nhri-npm', 'other'],
  uncat: TREATY_STATUSES,
  opcat: TREATY_STATUSES,
  language: INQUIRY_LANGUAGES,
  outcome: [...SECRETARIAT_OUTCOMES, 'withdrawn'],
  load: ['1', '2', '3-5', '6+'],
};

/**
 * Reports for a period: every figure summed in the database from the tallies kept by day (one
 * statement, see ReportRepository), then suppressed (small counts hidden, and what would let them be derived). The raw
 * figures behind a hidden cell never leave this service.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportRepository,
    private readonly policy: AccessPolicy,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(viewer: Viewer, q: ReportQuery): Promise<ReportView> {
    enforce(this.policy.readReports(viewer));
    const period = periodOf(q.from, q.to);
    const k = Math.max(this.config.reportThreshold, q.threshold ?? 0);
    const wanted = new Set<string>(q.breakdowns ? q.breakdowns.split(',') : BREAKDOWNS);
    const { headline, groups, durations, waiting, experts } = await this.reports.figures(period, this.clock.iso());
    const figure = (n: number): FigureView => {
      const value = suppressFigure(n, k);
      return { value, fewerThan: value === null ? k : null };
    };
    const breakdowns: BreakdownsView = {};
    for (const name of BREAKDOWNS) {
      if (!wanted.has(name)) continue;
      const keys = name === 'month' ? monthsOf(q.from, q.to) : (FIXED_KEYS[name] ?? []);
      const cells = cellsOf(groups, name, keys);
      if (name === 'tag') breakdowns[name] = { partition: false, total: null, withheld: false, cells: suppressCounts(cells, k) };
      else breakdowns[name] = { partition: true, ...suppressPartition(cells, name === 'outcome' ? headline.closed : headline.received, k) };
    }
    const duration = (metric: string): DurationView => {
      const d: Durations = durations.find((x) => x.metric === metric) ?? { metric, n: 0, p50: null, p90: null };
      const shown = d.n >= k;
      return { n: figure(d.n), medianSeconds: shown ? d.p50 : null, p90Seconds: shown ? d.p90 : null };
    };
    const load = cellsOf(experts, 'load', FIXED_KEYS.load!);
    const engaged = load.reduce((s, c) => s + c.count, 0);
    const loadTable: TableView = { partition: true, ...suppressPartition(load, engaged, k) };
    return {
      from: q.from,
      to: q.to,
      threshold: k,
      received: figure(headline.received),
      closed: figure(headline.closed),
      openAtEnd: figure(headline.openAtEnd),
      states: figure(headline.states),
      institutions: figure(headline.institutions),
      breakdowns,
      timeliness: {
        acknowledgement: duration('acknowledgement'),
        firstReply: duration('firstReply'),
        closure: duration('closure'),
        onTimeShare: waiting.due >= k ? Math.round((waiting.onTime / waiting.due) * 1000) / 1000 : null,
        waitingOnRequesterSeconds: waiting.closed >= k ? waiting.requesterSeconds : null,
        waitingOnSecretariatSeconds: waiting.closed >= k ? waiting.secretariatSeconds : null,
      },
      experts: {
        engaged: figure(engaged),
        load: loadTable,
        declined: figure(experts.find((g) => g.dimension === 'declined')?.n ?? 0),
      },
    };
  }
}

/** The period as ISO moments: from the first day's start to the day after the last. 400 when it is not a period. */
export function periodOf(from: string, to: string): Period {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`);
  const real = (s: string, t: number) => !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  if (!real(from, start)) throw refuse('report.date-invalid', 'from must be a real date YYYY-MM-DD', { field: 'from' });
  if (!real(to, end)) throw refuse('report.date-invalid', 'to must be a real date YYYY-MM-DD', { field: 'to' });
  if (end < start) throw refuse('report.period-reversed', 'to must not be before from');
  const limit = new Date(start);
  limit.setUTCFullYear(limit.getUTCFullYear() + MAX_YEARS);
  if (end >= limit.getTime()) throw refuse('report.period-too-long', `a period is at most ${MAX_YEARS} years`, { years: MAX_YEARS });
  return { from: new Date(start).toISOString(), until: new Date(end + DAY_MS).toISOString() };
}

/** Every month the period touches, as YYYY-MM. */
export function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  const last = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) return months;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

/** The counts of one dimension, with its fixed categories first (zero when absent), then any others found. */
function cellsOf(groups: GroupCount[], dimension: string, keys: readonly string[]): Cell[] {
  const found = new Map(groups.filter((g) => g.dimension === dimension).map((g) => [g.key, g.n]));
  const extra = [...found.keys()].filter((key) => !keys.includes(key)).sort();
  return [...keys, ...extra].map((key) => ({ key, count: found.get(key) ?? 0 }));
}
