import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { reportCsv, reportRows } from './report-csv.js';
import type { ReportView } from './report.view.js';

/** A file name from a report section ("by month" → by-month.csv). */
const fileOf = (section: string) => `${section.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.csv`;

/**
 * The CSV files of a pack: the whole report in one (as the CSV export), then one per section of it
 * (the volume, each breakdown, the timeliness, the experts), each UTF-8 with a byte-order mark. The
 * rows are the export's own, so that a figure reads the same in every file.
 */
export function packCsvFiles(r: ReportView): Record<string, string> {
  const sections = new Map<string, Array<[string, string | number]>>();
  for (const [section, category, value] of reportRows(r)) {
    if (section === 'period') continue;
    sections.set(section, [...(sections.get(section) ?? []), [category, value]]);
  }
  const files: Record<string, string> = { 'report.csv': reportCsv(r) };
  for (const [section, rows] of sections) files[fileOf(section)] = stringify([['category', 'value'], ...rows], { bom: true });
  return files;
}

/**
 * The pack as one zip (fflate: no dependency, no install script, pure JS on Node 20 and 24; the
 * pack is a few dozen kilobytes, so it is made in memory in one call). Every entry carries the
 * moment the pack was made.
 */
export function zipPack(files: Record<string, string>, at: Date): Uint8Array {
  const entries: Zippable = {};
  for (const [name, text] of Object.entries(files)) entries[name] = [strToU8(text), { mtime: at }];
  return zipSync(entries, { level: 6 });
}
