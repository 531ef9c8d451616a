import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { splitPeriod } from '../../src/reports/report.repository.js';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Every day from 2020 to 2032 with the tally rows it counts in: itself, its block (days 1 to 28 only), its month. From the calendar, not from the code's arithmetic. */
const CALENDAR = Array.from({ length: (Date.parse('2033-01-01') - Date.parse('2020-01-01')) / DAY }, (_, i) => {
  const d = iso(Date.parse('2020-01-01') + i * DAY);
  const block = Number(d.slice(8, 10)) <= 28 ? [`B${d.slice(0, 7)}w${Math.ceil(Number(d.slice(8, 10)) / 7)}`] : [];
  return { d, rows: [d, ...block, `M${d.slice(0, 7)}`] };
});

/** The days a range of report_tally's `day` stands for, once per row of the range that counts them. */
const daysOf = ([lo, hi]: [string, string]): string[] => CALENDAR.flatMap(({ d, rows }) => rows.filter((row) => row >= lo && row < hi).map(() => d));

describe('splitPeriod: the ranges of tally rows a report reads', () => {
  it('stands for every day of the period exactly once, and reads at most 15 single days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3650 }), fc.integer({ min: 1, max: 800 }), (start, length) => {
        const from = Date.parse('2020-01-01') + start * DAY;
        const parts = splitPeriod(iso(from), iso(from + length * DAY));
        expect(parts).toHaveLength(7);
        const days = parts.flatMap(daysOf).sort();
        expect(days).toEqual(Array.from({ length }, (_, i) => iso(from + i * DAY)));
        expect(parts.filter(([lo]) => /^\d/.test(lo)).flatMap(daysOf).length).toBeLessThanOrEqual(15);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a year as its whole months, the blocks and the few days around them', () => {
    expect(splitPeriod('2025-10-26', '2026-10-26')).toEqual([
      ['2025-10-26', '2025-11-01'],
      ['', ''],
      ['', ''],
      ['M2025-11', 'M2026-10'],
      ['2026-10-01', '2026-10-01'],
      ['B2026-10w1', 'B2026-10w4'],
      ['2026-10-22', '2026-10-26'],
    ]);
  });
});
