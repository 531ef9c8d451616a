import type { Role } from './role.js';

export const STATUSES = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered', 'closed', 'withdrawn'] as const;
export type InquiryStatus = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly InquiryStatus[] = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered'];

/** Open: not closed or withdrawn. Closed and withdrawn inquiries take no new message, file, expert or participant. */
export const isOpen = (status: InquiryStatus): boolean => OPEN_STATUSES.includes(status);

export const URGENCIES = ['normal', 'high', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const INQUIRY_LANGUAGES = ['en', 'fr', 'es', 'ar', 'pt'] as const;

export const SECRETARIAT_OUTCOMES = [
  'advice-provided',
  'tool-referred',
  'converted-country-note',
  'converted-visit',
  'referred-partner',
  'declined-out-of-scope',
  'duplicate',
  'no-response',
] as const;
export type Outcome = (typeof SECRETARIAT_OUTCOMES)[number] | 'withdrawn';

/**
 * Who may move an inquiry from which status to which: the one table the API, the pages and the
 * tests all read. `expert` means an expert whose assignment on the inquiry is accepted;
 * `requester` the requester who filed it.
 */
export type WorkflowActor = Exclude<Role, 'observer'>;
export const TRANSITIONS: Record<WorkflowActor, Partial<Record<InquiryStatus, readonly InquiryStatus[]>>> = {
  secretariat: {
    submitted: ['triaged', 'closed'],
    triaged: ['closed'],
    'in-progress': ['answered', 'closed'],
    'awaiting-requester': ['in-progress', 'closed'],
    answered: ['closed'],
    closed: ['triaged'],
  },
  expert: {
    'in-progress': ['awaiting-requester', 'answered'],
  },
  requester: {
    submitted: ['withdrawn'],
    triaged: ['withdrawn'],
    'in-progress': ['withdrawn'],
    'awaiting-requester': ['withdrawn'],
    answered: ['closed', 'withdrawn'],
  },
};

export function allowedTargets(actor: WorkflowActor, from: InquiryStatus): readonly InquiryStatus[] {
  return TRANSITIONS[actor][from] ?? [];
}

/** What a move needs besides being allowed: the secretariat closes with an outcome, and with a reason unless the advice was given. */
export function transitionRequirement(actor: WorkflowActor, from: InquiryStatus, to: InquiryStatus): { outcome: boolean; reason: boolean } {
  const closingBySecretariat = actor === 'secretariat' && to === 'closed';
  return { outcome: closingBySecretariat, reason: closingBySecretariat && from !== 'answered' };
}

/** The outcome a move records by itself (null: none, undefined: keep what is given). */
export function automaticOutcome(actor: WorkflowActor, to: InquiryStatus): Outcome | null | undefined {
  if (to === 'withdrawn') return 'withdrawn';
  if (to === 'closed' && actor === 'requester') return 'advice-provided';
  if (to === 'triaged') return null;
  return undefined;
}

/** The move that accepting an assignment makes by itself: the first acceptance starts the work on a triaged inquiry. */
export function moveOnAcceptance(from: InquiryStatus): InquiryStatus | null {
  return from === 'triaged' ? 'in-progress' : null;
}

/** The move that a reply makes by itself: the requester side's hands the query back to the experts. */
export function moveOnReply(author: WorkflowActor, from: InquiryStatus): InquiryStatus | null {
  return author === 'requester' && (from === 'awaiting-requester' || from === 'answered') ? 'in-progress' : null;
}

/** Whether a move ends the inquiry (closed or withdrawn): what depends on it being open ends with it. */
export const endsInquiry = (to: InquiryStatus): boolean => !isOpen(to);
