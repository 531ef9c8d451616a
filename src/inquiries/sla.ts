import type { Inquiry } from './inquiry.entity.js';
import type { InquiryStatus } from '../common/workflow.js';

export interface SlaTerms {
  ackWorkingDays: number;
  answerDays: number;
}

const DAY_MS = 86_400_000;

/** The moment a new inquiry must have been acknowledged (triaged) by: intake plus N working days (Mon–Fri). */
export function acknowledgeBy(createdAt: string, workingDays: number): string {
  const d = new Date(createdAt);
  let left = workingDays;
  while (left > 0) {
    d.setTime(d.getTime() + DAY_MS);
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) left -= 1;
  }
  return d.toISOString();
}

/** When the answer is due: the due date set at triage (or intake plus the default term), pushed back by every pause. */
export function answerDue(i: Pick<Inquiry, 'createdAt' | 'dueAt' | 'pausedSeconds'>, terms: SlaTerms): string {
  const base = i.dueAt ? Date.parse(i.dueAt) : Date.parse(i.createdAt) + terms.answerDays * DAY_MS;
  return new Date(base + (i.pausedSeconds ?? 0) * 1000).toISOString();
}

/**
 * The SLA clock stops while the inquiry waits for the requester: entering that status notes when,
 * leaving it adds the wait to the paused time and moves the due moment by as much.
 */
export function slaOnMove(i: Inquiry, from: InquiryStatus, to: InquiryStatus, now: string, terms: SlaTerms): Partial<Inquiry> {
  if (to === 'awaiting-requester' && from !== 'awaiting-requester') return { awaitingSince: now };
  if (from === 'awaiting-requester' && to !== 'awaiting-requester' && i.awaitingSince) {
    const waited = Math.max(0, Math.round((Date.parse(now) - Date.parse(i.awaitingSince)) / 1000));
    const pausedSeconds = (i.pausedSeconds ?? 0) + waited;
    return { awaitingSince: null, pausedSeconds, slaDueAt: answerDue({ ...i, pausedSeconds }, terms) };
  }
  return {};
}

/**
 * The milestones the timeliness reports read: acknowledged when the secretariat first moves it out
 * of `submitted`, closed
 * when it ends (closed or withdrawn), and no longer closed when it is reopened.
 */
export function milestonesOnMove(i: Pick<Inquiry, 'acknowledgedAt'>, from: InquiryStatus, to: InquiryStatus, now: string): Partial<Inquiry> {
  const patch: Partial<Inquiry> = {};
  // A requester withdrawing it is not the secretariat acknowledging it.
  if (from === 'submitted' && to !== 'withdrawn' && !i.acknowledgedAt) patch.acknowledgedAt = now;
  if (to === 'closed' || to === 'withdrawn') patch.closedAt = now;
  else if (from === 'closed' || from === 'withdrawn') patch.closedAt = null;
  return patch;
}

/** Statuses in which the answer clock runs. */
export const SLA_RUNNING: readonly InquiryStatus[] = ['submitted', 'triaged', 'in-progress'];
