import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { suppressCounts, suppressFigure, suppressPartition, type Cell, type ShownTable } from '../../src/reports/suppression.js';

/**
 * What someone who reads a suppressed table (and knows the rule) can tell about each hidden cell:
 * the values it can take so that the hidden cells add up to the total less the shown ones, each
 * hidden small count lying in 1..k-1 and each cell hidden to protect one in k..total. Worked out by
 * enumerating the sums the other hidden cells can reach (not by the ranges the rule itself uses).
 */
function possibleValues(shown: ShownTable, total: number, k: number): Map<number, Set<number>> {
  const hiddenAt = shown.cells.flatMap((c, i) => (c.hidden ? [i] : []));
  const rest = total - shown.cells.reduce((s, c) => s + (c.count ?? 0), 0);
  const range = (i: number): number[] => {
    const [lo, hi] = shown.cells[i].hidden === 'primary' ? [1, k - 1] : [k, total];
    return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, n) => lo + n);
  };
  const out = new Map<number, Set<number>>();
  for (const i of hiddenAt) {
    let sums = new Set([0]);
    for (const j of hiddenAt) {
      if (j === i) continue;
      const next = new Set<number>();
      for (const s of sums) for (const v of range(j)) if (s + v <= rest) next.add(s + v);
      sums = next;
    }
    out.set(i, new Set(range(i).filter((v) => sums.has(rest - v))));
  }
  return out;
}

/** Recovery by the equation alone (research: a cell alone unknown in a table with its total). */
const recoveredBySubtraction = (shown: ShownTable) => shown.total !== null && shown.cells.filter((c) => c.hidden).length === 1;

const tables = fc.record({
  k: fc.integer({ min: 2, max: 6 }),
  counts: fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 8 }),
});

describe('small-cell suppression', () => {
  it('never lets a hidden small count be worked out from the cells and the total shown', () => {
    fc.assert(
      fc.property(tables, ({ k, counts }) => {
        const cells: Cell[] = counts.map((count, n) => ({ key: `c${n}`, count }));
        const total = counts.reduce((a, b) => a + b, 0);
        const shown = suppressPartition(cells, total, k);
        // What is shown is exactly the data; nothing small is shown.
        shown.cells.forEach((c, n) => {
          if (c.count !== null) expect(c.count).toBe(counts[n]);
          if (counts[n] > 0 && counts[n] < k) expect(c.count).toBeNull();
        });
        if (shown.withheld) {
          expect(shown.cells.every((c) => c.count === null && c.hidden === 'secondary')).toBe(true);
          return;
        }
        expect(shown.total).toBe(total);
        expect(recoveredBySubtraction(shown)).toBe(false);
        for (const [i, values] of possibleValues(shown, total, k)) {
          expect(values.has(counts[i])).toBe(true);
          if (shown.cells[i].hidden === 'primary') expect(values.size).toBeGreaterThanOrEqual(Math.min(2, k - 1));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('hides a whole table whose total is itself small, and shows zeros', () => {
    expect(
      suppressPartition(
        [
          { key: 'a', count: 2 },
          { key: 'b', count: 0 },
        ],
        2,
        3,
      ).withheld,
    ).toBe(true);
    const t = suppressPartition(
      [
        { key: 'a', count: 1 },
        { key: 'b', count: 0 },
        { key: 'c', count: 5 },
        { key: 'd', count: 6 },
      ],
      12,
      3,
    );
    expect(t.cells.map((c) => c.count)).toEqual([null, 0, null, 6]);
    expect(t.cells.map((c) => c.hidden)).toEqual(['primary', null, 'secondary', null]);
  });

  it('hides one more cell when two hidden small counts would add up to 2 (both would be 1)', () => {
    const t = suppressPartition(
      [
        { key: 'a', count: 1 },
        { key: 'b', count: 1 },
        { key: 'c', count: 4 },
        { key: 'd', count: 9 },
      ],
      15,
      3,
    );
    expect(t.cells.map((c) => c.hidden)).toEqual(['primary', 'primary', 'secondary', null]);
  });

  it('shows single figures and free counts unless small', () => {
    expect([0, 1, 2, 3].map((n) => suppressFigure(n, 3))).toEqual([0, null, null, 3]);
    expect(
      suppressCounts(
        [
          { key: 'ldc', count: 2 },
          { key: 'sids', count: 4 },
        ],
        3,
      ).map((c) => c.count),
    ).toEqual([null, 4]);
  });
});
