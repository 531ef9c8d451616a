/**
 * Small-cell suppression (statistical disclosure control, ../shared/research/reports.md): a count
 * between 1 and k-1 is never shown ("fewer than k"), and cells are hidden alongside it until no
 * hidden small count can be worked out from what is shown: neither by subtraction from the total
 * (one hidden cell in a table with its total) nor by bounds (a hidden small count lies in 1..k-1, a
 * cell hidden alongside it is at least k; two hidden cells that add up to 2 are both 1).
 */

export interface Cell {
  key: string;
  count: number;
}

/** How a cell is shown: its count, or hidden as a small count ('primary') or to protect one ('secondary'). */
export interface ShownCell {
  key: string;
  count: number | null;
  hidden: 'primary' | 'secondary' | null;
}

export interface ShownTable {
  cells: ShownCell[];
  /** The table's total (the cells partition it), null when the whole table is withheld. */
  total: number | null;
  /** True when no arrangement of hidden cells protected the small ones: every cell is hidden. */
  withheld: boolean;
}

const small = (n: number, k: number) => n > 0 && n < k;

/** A single figure: shown, or null (shown as "fewer than k"). */
export function suppressFigure(n: number, k: number): number | null {
  return small(n, k) ? null : n;
}

/** Counts that do not add up to a shown total (an inquiry may carry several tags): small ones hidden, nothing more to do. */
export function suppressCounts(cells: Cell[], k: number): ShownCell[] {
  return cells.map((c) => (small(c.count, k) ? { key: c.key, count: null, hidden: 'primary' } : { key: c.key, count: c.count, hidden: null }));
}

/**
 * Cells that partition a total that is shown elsewhere too (every inquiry falls in exactly one
 * cell). Zero cells are shown: they reveal nothing about anyone.
 */
export function suppressPartition(cells: Cell[], total: number, k: number): ShownTable {
  if (small(total, k)) return withhold(cells);
  const hidden = new Map<number, 'primary' | 'secondary'>();
  cells.forEach((c, i) => small(c.count, k) && hidden.set(i, 'primary'));
  // Candidates for secondary hiding: the smallest shown non-zero cells first (they cost least to hide).
  const candidates = cells
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.count >= k)
    .sort((a, b) => a.c.count - b.c.count || a.c.key.localeCompare(b.c.key));
  while (hidden.size > 0 && !protects(cells, hidden, k)) {
    const next = candidates.shift();
    if (!next) return withhold(cells);
    hidden.set(next.i, 'secondary');
  }
  return {
    cells: cells.map((c, i) => ({ key: c.key, count: hidden.has(i) ? null : c.count, hidden: hidden.get(i) ?? null })),
    total,
    withheld: false,
  };
}

/** Every cell hidden alike: telling small ones from others would tell which cells hold few. */
function withhold(cells: Cell[]): ShownTable {
  return { cells: cells.map((c) => ({ key: c.key, count: null, hidden: 'secondary' })), total: null, withheld: true };
}

/**
 * Whether every hidden small count keeps at least two possible values (or all of 1..k-1 when that
 * is fewer) given the hidden sum and what each hidden cell is known to lie between. Ranges of
 * integers add up to a range, so the values cell i can take are its own range cut by the sum less
 * the others' extremes.
 */
function protects(cells: Cell[], hidden: Map<number, 'primary' | 'secondary'>, k: number): boolean {
  if (hidden.size === 1) return false;
  const sum = [...hidden.keys()].reduce((s, i) => s + cells[i].count, 0);
  const range = (kind: 'primary' | 'secondary') => (kind === 'primary' ? [1, k - 1] : [k, sum]);
  let lows = 0;
  let highs = 0;
  for (const kind of hidden.values()) {
    const [lo, hi] = range(kind);
    lows += lo;
    highs += hi;
  }
  for (const kind of hidden.values()) {
    if (kind !== 'primary') continue;
    const [lo, hi] = range(kind);
    const from = Math.max(lo, sum - (highs - hi));
    const to = Math.min(hi, sum - (lows - lo));
    if (to - from + 1 < Math.min(2, k - 1)) return false;
  }
  return true;
}
