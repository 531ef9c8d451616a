import { stringify } from 'csv-stringify/sync';
import { BREAKDOWNS, type CellView, type FigureView, type ReportView } from './report.view.js';

/** How a hidden figure reads in a spreadsheet: the small ones as "fewer than k", those hidden to protect them as a dash. */
const shown = (count: number | null, hidden: CellView['hidden'], k: number) => (count !== null ? count : hidden === 'primary' ? `fewer than ${k}` : '–');
const figure = (f: FigureView, k: number) => shown(f.value, f.value === null ? 'primary' : null, k);

/** The rows of a report as a spreadsheet reads them: section, category, value. */
export function reportRows(r: ReportView): Array<[string, string, string | number]> {
  const k = r.threshold;
  const rows: Array<[string, string, string | number]> = [
    ['period', 'from', r.from],
    ['period', 'to', r.to],
    ['period', 'threshold', k],
    ['volume', 'received', figure(r.received, k)],
    ['volume', 'closed', figure(r.closed, k)],
    ['volume', 'open at end', figure(r.openAtEnd, k)],
    ['coverage', 'distinct States', figure(r.states, k)],
    ['coverage', 'distinct institutions', figure(r.institutions, k)],
  ];
  for (const name of BREAKDOWNS) {
    const table = r.breakdowns[name];
    if (!table) continue;
    for (const c of table.cells) rows.push([`by ${name}`, c.key, shown(c.count, c.hidden, k)]);
    if (table.partition) rows.push([`by ${name}`, 'total', table.total ?? '–']);
  }
  for (const [metric, d] of Object.entries({ acknowledgement: r.timeliness.acknowledgement, 'first reply': r.timeliness.firstReply, closure: r.timeliness.closure })) {
    rows.push(['timeliness', `${metric}: inquiries`, figure(d.n, k)]);
    rows.push(['timeliness', `${metric}: median hours`, d.medianSeconds === null ? '–' : Math.round(d.medianSeconds / 360) / 10]);
    rows.push(['timeliness', `${metric}: 90th percentile hours`, d.p90Seconds === null ? '–' : Math.round(d.p90Seconds / 360) / 10]);
  }
  const t = r.timeliness;
  rows.push(['timeliness', 'share answered on time', t.onTimeShare ?? '–']);
  rows.push(['timeliness', 'days waiting on the requester', t.waitingOnRequesterSeconds === null ? '–' : Math.round(t.waitingOnRequesterSeconds / 8640) / 10]);
  rows.push(['timeliness', 'days with the secretariat', t.waitingOnSecretariatSeconds === null ? '–' : Math.round(t.waitingOnSecretariatSeconds / 8640) / 10]);
  rows.push(['experts', 'engaged', figure(r.experts.engaged, k)]);
  for (const c of r.experts.load.cells) rows.push(['experts by inquiries taken on', c.key, shown(c.count, c.hidden, k)]);
  rows.push(['experts', 'assignments declined', figure(r.experts.declined, k)]);
  return rows;
}

/** UTF-8 with a byte-order mark, so that a spreadsheet opens it right in any language. */
export function reportCsv(r: ReportView): string {
  return stringify([['section', 'category', 'value'], ...reportRows(r)], { bom: true });
}
