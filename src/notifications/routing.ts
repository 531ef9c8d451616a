/**
 * Who hears of what: the one table the dispatcher reads. An audience is resolved to people at
 * delivery time, and then filtered: never the author of the event, never someone who cannot see
 * the inquiry at that moment.
 */
export type Audience = 'secretariat' | 'requester-side' | 'engaged-experts' | 'payload-expert' | 'payload-author' | 'payload-user';

import type { EventKind } from '../events/domain-events.js';

export const ROUTES: Record<EventKind, readonly Audience[]> = {
  'inquiry.submitted': ['secretariat'],
  'inquiry.status-changed': ['requester-side'],
  'inquiry.shared': ['payload-user'],
  'inquiry.overdue': ['secretariat'],
  'assignment.proposed': ['payload-expert'],
  'assignment.accepted': ['secretariat'],
  'assignment.declined': ['secretariat'],
  'assignment.completed': ['secretariat'],
  // Nobody: the secretariat withdrew it (or closed the inquiry), and the expert hears of it only
  // through 'assignment.ended', which names no inquiry: its access has already gone.
  'assignment.withdrawn': [],
  // Nobody, for the same reason: the person removed can no longer see the inquiry, and the
  // requester's side did it or was told by the secretariat.
  'inquiry.participant-removed': [],
  'reply.pending-clearance': ['secretariat'],
  'reply.cleared': ['requester-side', 'payload-author'],
  'reply.returned': ['payload-author'],
  'reply.shared': ['requester-side'],
  'requester.replied': ['engaged-experts', 'secretariat'],
  'note.posted': ['engaged-experts', 'secretariat'],
  'reply.shared-from-related': ['requester-side'],
  'join.asked': ['requester-side'],
  'user.invited': ['payload-user'],
  // Told to the expert with nothing of the inquiry: not even its reference (its access has ended).
  'assignment.ended': ['payload-user'],
  'user.second-factor-reset': ['payload-user'],
  'user.password-reset-requested': ['payload-user'],
  'user.password-changed': ['payload-user'],
};

/** Events about a person rather than an inquiry: mailed whatever the preference, never in the digest. */
export const PERSONAL_EVENTS = new Set<string>([
  'user.invited',
  'assignment.ended',
  'user.second-factor-reset',
  'user.password-reset-requested',
  'user.password-changed',
] satisfies EventKind[]);

/** The audiences of a kind read back from the outbox (a string); an unknown kind reaches nobody. */
export function routeOf(kind: string): readonly Audience[] {
  return Object.hasOwn(ROUTES, kind) ? ROUTES[kind as EventKind] : [];
}
