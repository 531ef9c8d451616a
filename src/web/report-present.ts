import { BREAKDOWNS, type Breakdown, type CellView, type FigureView, type ReportView } from '../reports/report.view.js';
import type { WebI18n, WebLanguage } from './i18n.js';
import { barChart, lineChart, type ChartRow } from './report-charts.js';

/** The catalogue key of each breakdown's categories (null: the category is shown as it is). */
const KEY_PREFIX: Record<Breakdown | 'load', string | null> = {
  month: null,
  region: 'report.region.',
  unGroup: 'report.unGroup.',
  tag: 'report.tag.',
  institution: 'orgKind.',
  requesterCategory: 'report.category.',
  uncat: 'report.treaty.',
  opcat: 'report.treaty.',
  language: 'language.',
  topic: null,
  topicGroup: 'report.topicGroup.',
  outcome: 'outcome.',
  load: null,
};

/** The report as the page draws it: each breakdown's rows labelled in the page's language, a chart and a table. */
export function presentReport(r: ReportView, lang: WebLanguage, i18n: WebI18n) {
  const k = r.threshold;
  const fewer = i18n.t(lang, 'report.fewerThan', { n: k });
  const shownCell = (c: Pick<CellView, 'count' | 'hidden'>) => (c.count !== null ? c.count.toLocaleString(lang) : c.hidden === 'primary' ? fewer : '–');
  const figure = (f: FigureView) => (f.value !== null ? f.value.toLocaleString(lang) : fewer);
  const monthName = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const label = (dimension: Breakdown | 'load', key: string): string => {
    if (key === 'unknown') return i18n.t(lang, 'report.unknown');
    if (dimension === 'month') return monthName.format(new Date(`${key}-01T00:00:00Z`));
    if (dimension === 'topic') return i18n.topic(lang, key);
    const prefix = KEY_PREFIX[dimension];
    return prefix && i18n.has(lang, prefix + key) ? i18n.t(lang, prefix + key) : key;
  };
  const rtl = i18n.dir(lang) === 'rtl';
  const rowsOf = (dimension: Breakdown | 'load', cells: CellView[]): ChartRow[] => cells.map((c) => ({ label: label(dimension, c.key), count: c.count, shown: shownCell(c) }));
  const tables = BREAKDOWNS.flatMap((name) => {
    const table = r.breakdowns[name];
    if (!table) return [];
    const rows = rowsOf(name, table.cells);
    const chart = name === 'month' ? lineChart(rows, rtl, (n) => n.toLocaleString(lang)) : barChart(rows, rtl);
    return [
      {
        name,
        title: `report.by.${name}`,
        rows,
        chart,
        line: chart.kind === 'line',
        withheld: table.withheld,
        total: table.partition && table.total !== null ? table.total.toLocaleString(lang) : null,
      },
    ];
  });
  const hours = (s: number | null) => (s === null ? '–' : (Math.round(s / 360) / 10).toLocaleString(lang));
  const days = (s: number | null) => (s === null ? '–' : (Math.round(s / 8640) / 10).toLocaleString(lang));
  const t = r.timeliness;
  const loadRows = rowsOf('load', r.experts.load.cells);
  return {
    figures: [
      { label: 'report.received', value: figure(r.received) },
      { label: 'report.closed', value: figure(r.closed) },
      { label: 'report.openAtEnd', value: figure(r.openAtEnd) },
      { label: 'report.states', value: figure(r.states) },
      { label: 'report.institutions', value: figure(r.institutions) },
    ],
    tables,
    timeliness: (['acknowledgement', 'firstReply', 'closure'] as const).map((m) => ({
      label: `report.time.${m}`,
      n: figure(t[m].n),
      median: hours(t[m].medianSeconds),
      p90: hours(t[m].p90Seconds),
    })),
    onTime: t.onTimeShare === null ? '–' : `${Math.round(t.onTimeShare * 100).toLocaleString(lang)} %`,
    waitingRequester: days(t.waitingOnRequesterSeconds),
    waitingSecretariat: days(t.waitingOnSecretariatSeconds),
    experts: { engaged: figure(r.experts.engaged), declined: figure(r.experts.declined), rows: loadRows, chart: barChart(loadRows, rtl), withheld: r.experts.load.withheld },
    threshold: k,
  };
}
