import { SECRETARIAT_OUTCOMES, type Outcome } from '../common/workflow.js';

export const RETENTION_OUTCOMES: readonly Outcome[] = [...SECRETARIAT_OUTCOMES, 'withdrawn'];

/** Five years after closure; a withdrawn inquiry one year after its withdrawal. */
export const DEFAULT_MONTHS = (outcome: Outcome): number => (outcome === 'withdrawn' ? 12 : 60);
export const MAX_MONTHS = 1200;

/** The moment `months` after `endedAt` (calendar months, UTC; the 31st falls back to the month's last day). */
export function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.toISOString();
}
