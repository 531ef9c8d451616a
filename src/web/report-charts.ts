/**
 * Charts of a report, drawn on the server as SVG (no script, no font or file from outside): the
 * geometry is computed here and the template writes the elements, so every label is escaped like
 * any other text. Right to left (Arabic) the charts are mirrored: bars grow from the right and
 * time runs from right to left. The geometry is always left to right (the template sets
 * direction="ltr" on the SVG, else an Arabic page would flip every text anchor).
 */

export interface ChartRow {
  label: string;
  /** The count, or null when it is hidden. */
  count: number | null;
  /** How the value reads: the count, "fewer than 3", or a dash. */
  shown: string;
}

interface BarGeometry {
  label: string;
  shown: string;
  labelX: number;
  labelAnchor: 'start' | 'end';
  y: number;
  textY: number;
  barX: number;
  barWidth: number;
  valueX: number;
  valueAnchor: 'start' | 'end';
  hidden: boolean;
}

export interface BarChart {
  kind: 'bars';
  width: number;
  height: number;
  barHeight: number;
  bars: BarGeometry[];
}

export interface LineChart {
  kind: 'line';
  width: number;
  height: number;
  /** One polyline per run of shown points (a hidden month breaks the line). */
  segments: string[];
  points: Array<{ x: number; y: number; label: string; shown: string; hidden: boolean; tickX: number; tickY: number }>;
  axisY: number;
  axisFrom: number;
  axisTo: number;
  maxLabel: string;
  maxY: number;
  labelX: number;
  labelAnchor: 'start' | 'end';
}

const WIDTH = 640;
const LABEL_W = 230;
const VALUE_W = 110;
const ROW = 26;
const BAR = 18;

export function barChart(rows: ChartRow[], rtl: boolean): BarChart {
  const max = Math.max(1, ...rows.map((r) => r.count ?? 0));
  const area = WIDTH - LABEL_W - VALUE_W;
  const bars = rows.map((r, n) => {
    const barWidth = r.count ? Math.max(2, Math.round((r.count / max) * area)) : 0;
    const y = n * ROW + 4;
    const fromStart = LABEL_W;
    const valueAt = fromStart + barWidth + 6;
    return {
      label: r.label,
      shown: r.shown,
      labelX: rtl ? WIDTH - (LABEL_W - 8) : LABEL_W - 8,
      labelAnchor: rtl ? ('start' as const) : ('end' as const),
      y,
      textY: y + BAR - 4,
      barX: rtl ? WIDTH - fromStart - barWidth : fromStart,
      barWidth,
      valueX: rtl ? WIDTH - valueAt : valueAt,
      valueAnchor: rtl ? ('end' as const) : ('start' as const),
      hidden: r.count === null,
    };
  });
  return { kind: 'bars', width: WIDTH, height: rows.length * ROW + 8, barHeight: BAR, bars };
}

export function lineChart(rows: ChartRow[], rtl: boolean, maxLabel: (n: number) => string): LineChart {
  const height = 180;
  const top = 24;
  const bottom = height - 30;
  const left = 48;
  const right = WIDTH - 16;
  const max = Math.max(1, ...rows.map((r) => r.count ?? 0));
  const step = rows.length > 1 ? (right - left) / (rows.length - 1) : 0;
  const points = rows.map((r, n) => {
    const along = left + n * step;
    const x = Math.round(rtl ? WIDTH - along : along);
    const y = r.count === null ? bottom : Math.round(bottom - (r.count / max) * (bottom - top));
    return { x, y, label: r.label, shown: r.shown, hidden: r.count === null, tickX: x, tickY: height - 10 };
  });
  const segments: string[] = [];
  let run: string[] = [];
  for (const p of points) {
    if (p.hidden) {
      if (run.length > 1) segments.push(run.join(' '));
      run = [];
    } else run.push(`${p.x},${p.y}`);
  }
  if (run.length > 1) segments.push(run.join(' '));
  return {
    kind: 'line',
    width: WIDTH,
    height,
    segments,
    // Every few months a tick label, so that ten years stay readable.
    points: points.map((p, n) => ({ ...p, label: n % Math.ceil(rows.length / 12) === 0 ? p.label : '' })),
    axisY: bottom,
    axisFrom: rtl ? WIDTH - left : left,
    axisTo: rtl ? WIDTH - right : right,
    maxLabel: maxLabel(max),
    maxY: top + 4,
    labelX: rtl ? WIDTH - 4 : 4,
    labelAnchor: rtl ? 'end' : 'start',
  };
}
