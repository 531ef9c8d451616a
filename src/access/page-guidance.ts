import type { Role } from '../common/role.js';
import { SECRETARIAT_OUTCOMES, type InquiryStatus } from '../common/workflow.js';
import type { AllowedMove } from './inquiry-permissions.js';

/**
 * What a page offers and puts first, read from the policy's answers (`viewerCan`) and the
 * inquiry's status: kept here, beside the policy, so that the pages compare no role or state
 * themselves (issue 15) and the choices made for people (issue 19) stay in one place.
 */

/** A move as a page offers it: the outcomes it may choose among, and whether it needs a second step. */
export interface OfferedMove extends AllowedMove {
  outcomes: readonly string[];
  /** Ends the inquiry (closed, withdrawn): the page asks for a confirmation first. */
  confirm: boolean;
}

/**
 * The moves a page offers. A requester who may close an answered query (the advice was enough) is
 * not also offered to withdraw it, which the API still allows; the secretariat closing a query
 * nobody has triaged yet cannot pick "advice provided", since no advice was given.
 */
export function offeredMoves(status: InquiryStatus, moves: readonly AllowedMove[]): OfferedMove[] {
  const canCloseAsRequester = moves.some((m) => m.to === 'closed' && !m.needsOutcome);
  return moves
    .filter((m) => !(m.to === 'withdrawn' && canCloseAsRequester))
    .map((m) => ({
      ...m,
      outcomes: m.needsOutcome ? SECRETARIAT_OUTCOMES.filter((o) => !(o === 'advice-provided' && status === 'submitted')) : [],
      confirm: m.to === 'closed' || m.to === 'withdrawn',
    }));
}

/** What the viewer should do next on a query, shown first on its page (null: nothing waits for it). */
export type NextAction = 'clear' | 'triage' | 'reply' | 'review-answer' | 'write-advice' | null;

export function nextAction(role: Role, status: InquiryStatus, can: { postShared: boolean; triage: boolean }, pendingClearance: number): NextAction {
  if (role === 'secretariat') {
    if (pendingClearance > 0) return 'clear';
    return status === 'submitted' && can.triage ? 'triage' : null;
  }
  if (role === 'requester' && can.postShared) {
    if (status === 'awaiting-requester') return 'reply';
    if (status === 'answered') return 'review-answer';
  }
  if (role === 'expert' && can.postShared && status === 'in-progress') return 'write-advice';
  return null;
}

/** Whether a row of a requester's own list waits for it (a question asked, an answer to read). */
export const waitsForRequester = (status: InquiryStatus): 'reply' | 'review-answer' | null =>
  status === 'awaiting-requester' ? 'reply' : status === 'answered' ? 'review-answer' : null;

/** The words a role reads for a status: the secretariat and experts keep the workflow's own, a requester reads plain ones. */
export const statusWords = (role: Role): 'status.' | 'requesterStatus.' => (role === 'requester' ? 'requesterStatus.' : 'status.');
