/**
 * Every event a command may record, with the payload it carries. The routes (who hears of it)
 * and the phrases (what an email calls it) are typed against this map, so an event added here
 * without a route or a phrase does not compile. Payloads hold identifiers and states only: never
 * confidential text (they are stored in the outbox unsealed).
 */
export interface EventPayloads {
  'inquiry.submitted': Record<string, never>;
  'inquiry.status-changed': { from: string; to: string };
  'inquiry.shared': { userId: string };
  'inquiry.participant-removed': { userId: string };
  'inquiry.overdue': { breach: 'acknowledge' | 'answer' };
  'assignment.proposed': { assignmentId: string; expertId: string };
  'assignment.accepted': { assignmentId: string; expertId: string };
  'assignment.declined': { assignmentId: string; expertId: string };
  'assignment.completed': { assignmentId: string; expertId: string };
  'assignment.withdrawn': { assignmentId: string; expertId: string };
  /** Told to the expert alone, without the inquiry: its access has ended. */
  'assignment.ended': { userId: string };
  'reply.pending-clearance': { messageId: string };
  'reply.cleared': { messageId: string; authorId: string };
  'reply.returned': { messageId: string; authorId: string };
  'reply.shared': { messageId: string };
  'requester.replied': { messageId: string };
  'note.posted': { messageId: string };
  /** A cleared reply of a duplicate's primary, shared with the duplicate (issue 21). */
  'reply.shared-from-related': { sharedReplyId: string };
  /** The requesters of a duplicate and of its primary are asked whether to join their threads. */
  'join.asked': { linkId: string };
  /** The invitation link travels sealed; only the dispatcher opens it, to mail it. */
  'user.invited': { userId: string; linkSealed: string };
  'user.second-factor-reset': { userId: string };
  /** The reset link travels sealed, like an invitation's; `language` is the page's where it was asked for. */
  'user.password-reset-requested': { userId: string; linkSealed: string; language?: string };
  /** Told to the account after a reset, so that one nobody asked for is noticed. */
  'user.password-changed': { userId: string };
}

export type EventKind = keyof EventPayloads;

/** One event as a command records it: the kind decides the payload's shape. */
export type DomainEvent = {
  [K in EventKind]: { kind: K; inquiryId?: string | null; actorId: string | null } & (EventPayloads[K] extends Record<string, never>
    ? { payload?: EventPayloads[K] }
    : { payload: EventPayloads[K] });
}[EventKind];
